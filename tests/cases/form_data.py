"""Form data the child pages post, shared by the tests of several files."""


def child_edit_data(child, **overrides):
    """The edit form of `child` as its page shows it (one guardian, kept; the ID number left blank: kept), with
    `overrides`."""
    guardian = child.guardians.first()
    data = {
        "name": child.name, "sex": child.sex, "birth_date": child.birth_date.isoformat(), "id_number": "",
        "village": child.village_id, "schooling": child.schooling, "address": "新地址", "version": child.version,
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "1", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10", "guardians-0-id": guardian.pk, "guardians-0-relation": guardian.relation,
        "guardians-0-name": guardian.name, "guardians-0-phone": "", "guardians-0-situation": guardian.situation,
        "guardians-0-is_primary": "on",
    }
    data.update(overrides)
    return data
