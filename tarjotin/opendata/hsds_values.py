"""Reading HSDS field values for the import: text, dates, numbers, translations, extensions."""

from datetime import date

from tarjotin.opendata.profile import OTHER_LANGUAGES, X_TRANSLATIONS


def text(value):
    """Return text with its whitespace tidied, or None for nothing."""
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def iso_date(value):
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def whole(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


def translations(row):
    """Return the record's ``x-translations`` as {lang: {field: text}}, or None when absent."""
    value = row.get(X_TRANSLATIONS)
    if not isinstance(value, dict):
        return None
    return {
        lang: {k: text(v) for k, v in (value.get(lang) or {}).items()}
        if isinstance(value.get(lang), dict)
        else {}
        for lang in OTHER_LANGUAGES
    }


def set_translated(values, row, fields, profile):
    """Put ``<field>_sv`` and ``_en`` in ``values`` from x-translations (HSDS name -> field)."""
    texts = translations(row)
    if texts is None and not profile:
        return  # another system's file says nothing of them: keep what the tray has
    for lang in OTHER_LANGUAGES:
        for hsds_name, name in fields.items():
            values[f"{name}_{lang}"] = (texts or {}).get(lang, {}).get(hsds_name)


KEEP = object()


def extension(row, name, profile, default):
    """Return the extension field's value; absent: ``default`` in tarjotin's profile, else keep."""
    if name in row:
        return row[name]
    return default if profile else KEEP


def too_long(model, values):
    """Return why one of ``values`` is longer than its column keeps, or ""."""
    columns = model.__table__.c
    for key, value in values.items():
        length = getattr(columns[key].type, "length", None) if key in columns else None
        if isinstance(value, str) and length and len(value) > length:
            return f"{key} is longer than {length} characters"
    return ""
