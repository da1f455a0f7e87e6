"""Forms of the public pages."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from tarjotin.catalogue.browse import MAX_QUERY_LENGTH, WEEKDAYS, Filters
from tarjotin.catalogue.schedules import DAYTIMES

# More values than any vocabulary has: a longer list is not a resident's choice.
MAX_VALUES = 100
_CODE = re.compile(r"[\w.-]{1,64}")
_STEP = re.compile(r"\d{1,3}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ValueListField(Field):
    """All values of one URL parameter (``step=1&step=2``), trimmed, without blanks or repeats."""

    def __init__(self, label=None, validators=None, normalise=str, **kwargs):
        super().__init__(label, validators, default=(), **kwargs)
        self.normalise = normalise

    def process_formdata(self, valuelist):
        values = (self.normalise(value.strip()) for value in valuelist)
        self.data = tuple(dict.fromkeys(value for value in values if value))


class FlagField(Field):
    """A yes/no filter: ``1`` turns it on; ``0``, blank or a missing parameter leave it off."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=False, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            value = valuelist[0].strip()
            if value not in ("", "0", "1"):
                raise ValueError(_l("Choose this filter with the value 1."))
            self.data = value == "1"


def each_matching(pattern, message):
    """Validate every value of a ValueListField against ``pattern`` (all of it)."""

    def validate(form, field):
        if len(field.data) > MAX_VALUES:
            raise ValidationError(_l("There are too many choices in the address."))
        for value in field.data:
            if not pattern.fullmatch(value):
                raise ValidationError(message)

    return validate


def one_of(codes, message):
    """Validate that every value of a ValueListField is one of ``codes``."""

    def validate(form, field):
        for value in field.data:
            if value not in codes:
                raise ValidationError(message)

    return validate


def weekday_code(value):
    """Accept a weekday as 1–7 (Monday is 1) or as mon…sun; return its code."""
    if value.isdigit() and 1 <= int(value) <= len(WEEKDAYS):
        return WEEKDAYS[int(value) - 1]
    return value.lower()


def search_text(value):
    """Drop control characters (a database cannot store some) and runs of spaces."""
    return " ".join(_CONTROL.sub(" ", value).split()) if value else ""


class BrowseForm(FlaskForm):
    """The filters of the activity list, read from the query string of a GET request.

    Codes are checked for shape only; whether a step or an area exists is the
    catalogue's to say (tarjotin.catalogue.browse.UnknownFilterValue).
    """

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField(
        _l("Search words"),
        filters=[search_text],
        validators=[
            Length(
                max=MAX_QUERY_LENGTH,
                message=_l("Search words can be at most %(max)d characters long."),
            )
        ],
    )
    step = ValueListField(
        _l("Step"), [each_matching(_STEP, _l("Choose a step by its number, such as 2."))]
    )
    area = ValueListField(_l("Area"), [each_matching(_CODE, _l("This area is not known."))])
    theme = ValueListField(_l("Theme"), [each_matching(_CODE, _l("This theme is not known."))])
    weekday = ValueListField(
        _l("Weekday"),
        [one_of(WEEKDAYS, _l("Choose a weekday as a number from 1 to 7."))],
        normalise=weekday_code,
    )
    daytime = ValueListField(
        _l("Time of day"),
        [one_of(DAYTIMES, _l("Choose morning, afternoon or evening."))],
        normalise=str.lower,
    )
    language = ValueListField(
        _l("Language"), [each_matching(_CODE, _l("This language is not known."))]
    )
    target_group = ValueListField(
        _l("For whom"), [each_matching(_CODE, _l("This target group is not known."))]
    )
    free = FlagField(_l("Free of charge"))
    step_free = FlagField(_l("Step-free access"))
    no_registration = FlagField(_l("No registration needed"))
    page = IntegerField(
        _l("Page"),
        validators=[Optional(), NumberRange(min=1, message=_l("Pages are numbered from 1."))],
    )

    def filters(self):
        """Return the chosen filters (call after ``validate``)."""
        return Filters(
            steps=frozenset(int(value) for value in self.step.data),
            areas=frozenset(self.area.data),
            themes=frozenset(self.theme.data),
            weekdays=frozenset(self.weekday.data),
            daytimes=frozenset(self.daytime.data),
            languages=frozenset(self.language.data),
            target_groups=frozenset(self.target_group.data),
            free=self.free.data,
            step_free=self.step_free.data,
            no_registration=self.no_registration.data,
            q=self.q.data or "",
        )

    def page_number(self):
        return self.page.data or 1

    def first_error(self):
        """Return the first error message, for the page that says the address is wrong."""
        for field in self:
            if field.errors:
                return field.errors[0]
        return None


def filter_args(filters):
    """Return ``filters`` as URL parameters, in a fixed order, with the stable codes."""
    args = {}
    if filters.q:
        args["q"] = filters.q
    lists = (
        ("step", sorted(filters.steps)),
        ("area", sorted(filters.areas)),
        ("theme", sorted(filters.themes)),
        ("weekday", [code for code in WEEKDAYS if code in filters.weekdays]),
        ("daytime", [code for code in DAYTIMES if code in filters.daytimes]),
        ("language", sorted(filters.languages)),
        ("target_group", sorted(filters.target_groups)),
    )
    for name, values in lists:
        if values:
            args[name] = [str(value) for value in values]
    for name in ("free", "step_free", "no_registration"):
        if getattr(filters, name):
            args[name] = "1"
    return args


def args_without(args, name, value=None):
    """Return ``args`` without the parameter ``name``, or without only its ``value``."""
    kept = {}
    for key, current in args.items():
        if key == name and isinstance(current, list) and value is not None:
            current = [other for other in current if other != value]
        elif key == name:
            current = None
        if current:
            kept[key] = current
    return kept
