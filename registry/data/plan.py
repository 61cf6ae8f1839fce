"""The township's organisation as the 2022 plan (湛普府发〔2022〕52号) names it. Texts are quoted from the plan; each
`<field>_en` beside one is its English translation, made for the portal (load_zhanpu stores both)."""

OFFICES = [
    {"code": 'dangzheng', "name": '党政办', "name_en": "Party and Government Office", "order": 1, "duties": (
        '督促指导村（社区）加强未成年人思想道德建设，深入开展爱国主义教育。引导有利于未成年人健康成长的图书、报刊、音像制品、电子出版物和网络信息等精神文化产品的创作、出版、制作、传播，查禁危害未成年人身心健康的违法信息，落实不良信息提示制度。指导协调宣传文化系统做好未成年人保护法律法规和政策措施宣传工作，注重挖掘和宣传未成年人保护领域的正面典型，引导全社会树立未成年人特殊、优先保护理念。高度关注和维护未成年人合法权益，客观审慎适度报道涉及未成年人事件。推荐有利于未成年人健康成长的电影，强化观影条件保障。做好防止未成年人沉迷网络游戏工作，督促指导各村（社区）将未成年人保护各项工作纳入文明村镇、文明家庭、文明校园等群众性精神文明创建活动重要内容。'
    ), "duties_en": (
        "Urge and guide the villages (communities) to strengthen minors' ideological and moral development and to "
        "carry out patriotic education in depth. Guide the creation, publication, production and distribution of "
        "books, newspapers and periodicals, audio-visual products, electronic publications, online information "
        "and other cultural products that are good for minors' healthy growth; ban illegal information that harms "
        "minors' physical and mental health, and enforce the system of warnings about harmful information. Guide "
        "and coordinate the publicity and culture system in publicising the laws, regulations, policies and "
        "measures on protecting minors; seek out and publicise good examples in minor protection, and lead the "
        "whole of society to embrace the principle of special and priority protection for minors. Pay close "
        "attention to and uphold minors' lawful rights and interests, and report events involving minors "
        "objectively, prudently and with restraint. Recommend films that are good for minors' healthy growth and "
        "improve the conditions for watching them. Work to prevent minors from becoming addicted to online games, "
        "and urge and guide every village (community) to make each part of minor-protection work an important "
        "element of public campaigns for civility, such as civilised villages and towns, civilised families and "
        "civilised campuses."
    )},
    {"code": 'shishi', "name": '社事办', "name_en": "Social Affairs Office", "order": 2, "duties": (
        '承担保合镇未成年人保护工作领导小组办公室日常工作，负责对儿童福利、孤弃儿童和事实无人抚养儿童保障、儿童收养、监护缺失儿童和流浪未成年人等儿童依据政策救助。指履行兜底监护职责，依托未成年人救助保护机构、儿童福利机构对符合条件的未成年人做好临时监护、长期监护工作。支持、培育和引导社会力量参与未成年人保护工作，提供心理辅导、康复救助、监护及收养评估等专业服务，加强社会工作人才队伍建设，规范未成年人社会组织登记管理工作。明确责任部门或指定专门人员承担相关工作；依法设立未成年人保护工作站或指定专门人员办理相关事务；指导村（居）民委员会设立专人专岗，监督家庭监护和委托照护落实情况。'
    ), "duties_en": (
        "Carry out the day-to-day work of the office of the Baohe Township leadership group for minor protection. "
        "Be responsible for child welfare, for support to orphaned and abandoned children and to children who in "
        "fact have no one to raise them, for child adoption, and for assistance under the relevant policies to "
        "children without guardianship, minors living on the streets and other children. Fulfil the duty of "
        "last-resort guardianship: through minor assistance and protection institutions and child welfare "
        "institutions, provide temporary and long-term guardianship for eligible minors. Support, foster and "
        "guide social forces to take part in minor protection by providing professional services such as "
        "counselling, rehabilitation assistance, and guardianship and adoption assessments; build up the "
        "social-work workforce, and regulate the registration and management of social organisations for minors. "
        "Name a responsible department or designate dedicated staff for this work; set up a minor protection "
        "station as the law requires, or designate dedicated staff to handle the related matters; guide the "
        "village (residents') committees to set up a dedicated post held by a dedicated person, and oversee how "
        "family guardianship and entrusted care are carried out."
    )},
    {"code": 'sifa', "name": '司法所', "name_en": "Judicial Office", "order": 3, "duties": (
        '依法强化未成年犯管教所、未成年人强制隔离戒毒所的教育矫治功能，做好未成年服刑人员、社区矫正对象、强制隔离戒毒人员的监督管理和教育帮扶，配合做好专门矫治教育工作。完善未成年人法律服务体系建设，加强未成年人法律援助工作，依法为未成年人提供优质高效的法律援助服务。配合做好服刑人员、强制隔离戒毒人员事实无人抚养未成年子女关爱保障工作。将未成年人保护法律法规和政策措施纳入普法工作重要内容，引导全社会树立未成年人特殊、优先保护理念。'
    ), "duties_en": (
        "Strengthen, as the law requires, the educational and corrective role of juvenile reformatories and of "
        "compulsory isolated drug rehabilitation centres for minors; supervise, manage, educate and help minors "
        "serving sentences, people under community correction and people in compulsory isolated drug "
        "rehabilitation, and help with specialised corrective education. Build up the system of legal services "
        "for minors, strengthen legal aid for minors, and provide minors with good, efficient legal aid as the "
        "law provides. Help with the care and support of the minor children of prisoners and of people in "
        "compulsory isolated drug rehabilitation who in fact have no one to raise them. Make the laws, "
        "regulations, policies and measures on protecting minors an important part of public legal education, and "
        "lead the whole of society to embrace the principle of special and priority protection for minors."
    )},
    {"code": 'wenhua', "name": '文化服务中心', "name_en": "Cultural Service Centre", "order": 4, "duties": (
        '加强对未成年人参与的表演活动和在线演出活动的监督管理。加强对营业性娱乐场所、互联网上网服务营业场所违规接纳未成年人行为的监督管理。监督图书馆、文化馆等场所的互联网上网服务设施采取未成年人网络安全保护措施。指导媒体加强未成年人保护法律法规和政策措施宣传工作，宣传报道未成年人权益保护先进典型，开展未成年人保护方面的公益广告宣传，营造良好社会氛围。指导媒体发挥媒体监督作用，高度关注和维护未成年人合法权益，客观审慎适度报道涉及未成年人事件。开展适合不同类型未成年人的体育技能培训和科学健身方法，开展适合未成年人的体育活动，引导未成年人积极参与。联合有关部门深化体教融合，配合教育部门加强学校体育工作。完善未成年人体育公共服务体系，加强未成年人体育活动设施建设，推动落实体育场馆对未成年人免费或者优惠开放的相关政策。'
    ), "duties_en": (
        "Strengthen the supervision of performances and online performances in which minors take part. Strengthen "
        "the supervision of commercial entertainment venues and internet service venues that admit minors in "
        "breach of the rules. Make sure that the internet facilities of libraries, cultural centres and similar "
        "places take measures to keep minors safe online. Guide the media in publicising the laws, regulations, "
        "policies and measures on protecting minors, in reporting outstanding examples of protecting minors' "
        "rights and interests, and in running public-service advertising on minor protection, to build a good "
        "social climate. Guide the media in playing their watchdog role, paying close attention to and upholding "
        "minors' lawful rights and interests, and reporting events involving minors objectively, prudently and "
        "with restraint. Offer sports-skills training and scientific ways of keeping fit suited to different "
        "kinds of minors, organise sports activities suited to minors, and encourage minors to take an active "
        "part. Work with the departments concerned to integrate sport and education more closely, and help the "
        "education authorities strengthen school sport. Improve public sports services for minors, build more "
        "sports facilities for minors, and push for the policies under which sports venues are open to minors "
        "free of charge or at reduced prices to be put into effect."
    )},
    {"code": 'fulian', "name": '妇联', "name_en": "Women's Federation", "order": 5, "duties": (
        '对未成年人的父母或其他监护人、被委托人做好家庭教育指导工作，普及家庭教育知识，引导树立依法履行监护职责和家庭教育主体责任意识。督促指导村（居）民委员会妇联主席、妇联执委配合做好未成年人保护工作。依托妇女之家、儿童之家等场所，为有需要的未成年人提供关爱服务，落实儿童之家对未成年人免费开放政策。'
    ), "duties_en": (
        "Give family-education guidance to minors' parents or other guardians and to the people entrusted with "
        "their care; spread knowledge of family education, and help them understand that they must fulfil their "
        "guardianship duties as the law requires and that family education is first their responsibility. Urge "
        "and guide the Women's Federation chairs and executive members of the village (residents') committees to "
        "help with minor protection. Through places such as Women's Homes and Children's Homes, provide care "
        "services to minors in need, and put into effect the policy that Children's Homes are open to minors free "
        "of charge."
    )},
    {"code": 'canlian', "name": '残联', "name_en": "Disabled Persons' Federation", "order": 6, "duties": (
        '落实残疾儿童康复救助制度，为符合条件的儿童提供手术、康复训练、辅助器具配置等服务。在有条件的情况下扩大残疾儿童康复救助年龄范围、放宽对救助对象家庭经济条件的限制。配合做好流浪乞讨人员救助管理、打拐等工作。配合做好残疾儿童教育工作，支持和帮助残疾儿童接受教育。'
    ), "duties_en": (
        "Implement the rehabilitation-assistance scheme for children with disabilities, providing eligible "
        "children with services such as surgery, rehabilitation training and assistive devices. Where conditions "
        "allow, widen the age range of rehabilitation assistance for children with disabilities and relax the "
        "limits on the family income of those assisted. Help with the assistance and management of homeless "
        "people and beggars, with the fight against trafficking and with related work. Help with the education of "
        "children with disabilities, and support and help them to receive an education."
    )},
    {"code": 'police', "name": '派出所', "name_en": "Police Station", "order": 7, "duties": (
        '依法对互联网上涉未成年人的违法违规问题开展查处，督促网络运营者严格落实安全管理责任义务。依法对不履行监护责任或者侵害未成年人合法权益的父母或者其他监护人予以训诫,责令其接受家庭教育指导。深入开展“打拐”专项行动，帮助流浪未成年人及时回归家庭，协助推进寻亲工作，做好孤儿、事实无人抚养儿童等重点人群的户籍登记工作。建立健全性侵违法犯罪信息系统，落实密切接触未成年人行业人员入职查询规定。配合有关部门、人民团体、社会组织，对遭受性侵害或者暴力伤害的未成年被害人及其家庭实施必要的保护措施，配合有关部门指导学校、幼儿园、各类婴幼儿照护服务机构完善人防、物防、技防措施，加强校园安全管理，做好安全防范工作，加强法治宣传和安全教育。做好学校、幼儿园和其他未成年人集中活动场所周边治安和交通秩序保障工作。'
    ), "duties_en": (
        "Investigate and deal with, as the law provides, illegal and irregular online activity involving minors, "
        "and urge network operators to meet their security-management responsibilities strictly. As the law "
        "provides, admonish parents or other guardians who fail in their guardianship duties or infringe minors' "
        "lawful rights and interests, and order them to receive family-education guidance. Carry out the special "
        "campaign against trafficking in depth; help minors living on the streets to return to their families "
        "promptly, help with tracing families, and register the household residence of priority groups such as "
        "orphans and children who in fact have no one to raise them. Build and improve the information system on "
        "sexual offences, and enforce the rule that people hired into occupations in close contact with minors "
        "are checked before they start. Working with the departments concerned, people's organisations and social "
        "organisations, take the necessary protective measures for minor victims of sexual abuse or violence and "
        "for their families; help the departments concerned guide schools, kindergartens and all kinds of infant "
        "and toddler care services to improve their staffing, physical and technical security measures, "
        "strengthen campus safety management, take safety precautions, and step up education on the rule of law "
        "and on safety. Maintain public order and traffic order around schools, kindergartens and other places "
        "where minors gather."
    )},
    {"code": 'school', "name": '学校', "name_en": "Schools", "order": 8, "duties": (
        '督促指导辖区学校落实对未成年学生在校期间各项权益的保护职责，落实义务教育有保障长效机制，帮助留守、困境、残疾儿童接受义务教育，持续推进控辍保学工作。落实职业教育保障机制，强化保教人员培训。督促学校贯彻国家教育方针，坚持立德树人根本任务，做好思想道德教育、法治教育、国家安全教育、健康教育、劳动教育等工作，深化体教融合，加强学校体育工作，构建德智体美劳全面培养的教育体系。强化师德师风建设，落实侵害未成年人案件强制报告制度，依法依规实施教育惩戒，加强对不良行为未成年学生的管理教育。督促指导学校、幼儿园加强安全管理和工作保障，建立未成年学生保护、欺凌防控和预防性侵害性骚扰等工作制度。会同有关部门做好留守、困境、残疾儿童关爱帮扶、突发事件应急管理、校园周边综合治理、卫生保健等工作。'
    ), "duties_en": (
        "Urge and guide the schools in the township to fulfil their duty to protect all the rights and interests "
        "of minor students while they are at school; put into effect the long-term mechanism that guarantees "
        "compulsory education, help left-behind children, children in difficulty and children with disabilities "
        "to receive compulsory education, and keep working to prevent pupils from dropping out. Put into effect "
        "the arrangements that secure vocational education, and strengthen the training of teaching and care "
        "staff. Urge schools to carry out the national education policy and keep to the fundamental task of "
        "fostering virtue through education; provide ideological and moral education, education in the rule of "
        "law, national-security education, health education, labour education and the like; integrate sport and "
        "education more closely, strengthen school sport, and build an education system that develops students "
        "morally, intellectually, physically, aesthetically and through work. Strengthen teachers' professional "
        "ethics and conduct, enforce the mandatory reporting system for cases of harm to minors, apply "
        "educational discipline in accordance with laws and regulations, and improve the management and education "
        "of minor students who misbehave. Urge and guide schools and kindergartens to strengthen safety "
        "management and the support for their work, and to set up working rules for protecting minor students, "
        "preventing and controlling bullying, and preventing sexual assault and sexual harassment. Together with "
        "the departments concerned, care for and help left-behind children, children in difficulty and children "
        "with disabilities, and handle emergency management, the comprehensive management of the areas around "
        "schools, health care and related work."
    )},
    {"code": 'tuanwei', "name": '团委', "name_en": "Youth League Committee", "order": 9, "duties": (
        '指导共青团、青联、少先队组织、青年志愿服务组织、青少年事务社会工作机构做好未成年人关爱保护工作。推动实施中长期青年发展规划，形成关爱未成年人的社会合力。积极开展有利于未成年人健康成长的社会活动和服务。'
    ), "duties_en": (
        "Guide the Communist Youth League, the Youth Federation, the Young Pioneers, youth volunteer "
        "organisations and youth social-work agencies in caring for and protecting minors. Promote the medium- "
        "and long-term youth development plan, bringing society's efforts together in caring for minors. Actively "
        "organise social activities and services that are good for minors' healthy growth."
    )},
]

# 三（一）1: the leadership group. Office codes refer to OFFICES above. In English a person's name is given in pinyin
# (family name first); a collective seat's name is a description, translated.
LEADERSHIP = [
    {"name": "李晟", "name_en": "Li Sheng", "position": "head", "title": "党委书记",
     "title_en": "Secretary of the Party Committee", "office": None, "order": 1},
    {"name": "陈登芳", "name_en": "Chen Dengfang", "position": "deputy", "title": "党委宣传委员",
     "title_en": "Party Committee member for publicity", "office": None, "order": 2},
    {"name": "田原", "name_en": "Tian Yuan", "position": "member", "title": "民政和社会事务办负责人",
     "title_en": "Head of the Civil Affairs and Social Affairs Office", "office": "shishi", "order": 3},
    {"name": "张玉裙", "name_en": "Zhang Yuqun", "position": "member", "title": "妇联主席",
     "title_en": "Chair of the Women's Federation", "office": "fulian", "order": 4},
    {"name": "胡跃", "name_en": "Hu Yue", "position": "member", "title": "团委书记",
     "title_en": "Secretary of the Youth League Committee", "office": "tuanwei", "order": 5},
    {"name": "肖仁才", "name_en": "Xiao Rencai", "position": "member", "title": "司法所所长",
     "title_en": "Director of the Judicial Office", "office": "sifa", "order": 6},
    {"name": "杜德权", "name_en": "Du Dequan", "position": "member", "title": "湛普镇中心校校长",
     "title_en": "Principal of Zhanpu Township Central School", "office": "school", "order": 7},
    {"name": "谭文学", "name_en": "Tan Wenxue", "position": "member", "title": "包鸾派出所指导员",
     "title_en": "Political Instructor of Baoluan Police Station", "office": "police", "order": 8},
    {"name": "各村（社区）党组织书记", "name_en": "Party organisation secretaries of every village (community)",
     "position": "member", "title": "", "title_en": "", "office": None, "order": 9, "is_collective": True},
    {"name": "各村（社区）儿童主任", "name_en": "Child directors of every village (community)",
     "position": "member", "title": "", "title_en": "", "office": None, "order": 10, "is_collective": True},
    # "领导小组下设办公室于社会事务办公室，由田原兼任办公室主任"
    {"name": "田原", "name_en": "Tian Yuan", "position": "office_director", "title": "民政和社会事务办负责人（兼任）",
     "title_en": "Head of the Civil Affairs and Social Affairs Office (concurrently)", "office": "shishi",
     "order": 11},
]

# 三（一）2–3: the station and its hotline.
STATION = {
    "name": "湛普镇未成年人保护工作站",
    "name_en": "Zhanpu Township Minor Protection Station",
    "location": "新时代文明实践站",
    "location_en": "New Era Civilisation Practice Station",
    "office": "shishi",
    "hotline": "02370630963",
    "duties": "明确未成年人保护站工作职责，制定相应工作制度。",
    "duties_en": "Set out the duties of the minor protection station and draw up its working rules.",
}
