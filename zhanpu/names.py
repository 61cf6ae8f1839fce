"""Names of a many-to-many relation for the rows of a list page."""

from collections import defaultdict


def attach_names(objects, relation: str, to_attr: str, *, reference) -> list:
    """Set `to_attr` on each of `objects` (a page of rows of one model) to the names (str) of its `relation`, a
    many-to-many to a short ordered reference list (child categories, hotline issue categories), in that list's
    order. One read of the link table's ids (a prefetch builds an object for every link). The list is `reference`,
    the queryset that the page reads anyway for its filter form's select: a queryset keeps what it has read, so one
    read serves both."""
    objects = list(objects)
    if not objects:
        return objects
    field = type(objects[0])._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    names = {item.pk: str(item) for item in reference}
    position = {pk: index for index, pk in enumerate(names)}
    linked = defaultdict(list)
    links = field.remote_field.through.objects.filter(**{f"{source}__in": [obj.pk for obj in objects]})
    for owner, item in links.values_list(source, target):
        linked[owner].append(item)
    for obj in objects:
        setattr(obj, to_attr, [names[pk] for pk in sorted(linked[obj.pk], key=position.__getitem__)])
    return objects
