"""Query strings the database and templates can take: valid UTF-8, no NUL characters."""

from urllib.parse import parse_qsl, urlencode


def clean_query_string(raw):
    """Undecodable bytes become U+FFFD and NULs disappear; everything else is kept as sent."""
    try:
        # PEP 3333: the server hands over the raw bytes as latin-1; browsers may send UTF-8 unescaped.
        text = raw.encode("latin-1").decode("utf-8", errors="replace")
    except UnicodeEncodeError:
        text = raw
    pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace")
    return urlencode([(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in pairs])


def input_tween_factory(handler, registry):
    def input_tween(request):
        raw = request.environ.get("QUERY_STRING", "")
        if raw and not _clean(raw):
            request.environ["QUERY_STRING"] = clean_query_string(raw)
        return handler(request)

    return input_tween


def _clean(raw):
    if "%00" in raw or "\x00" in raw:
        return False
    try:
        text = raw.encode("latin-1").decode("utf-8")
        parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeError:
        return False
    return True
