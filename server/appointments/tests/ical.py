"""A minimal iCalendar (RFC 5545) reader for the tests: unfold, split NAME:VALUE, unescape TEXT."""
import re


def physical_lines(ics: str) -> list[str]:
    assert ics.endswith("\r\n")
    lines = ics[:-2].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in lines), "bare CR or LF inside a line"
    return lines


def unfold(ics: str) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(ics):
        if line[:1] in (" ", "\t"):
            assert logical, "a continuation line cannot come first"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(ics: str) -> dict:
    """{"VCALENDAR": {...properties}, "VEVENT": [{...properties}]} with TEXT values unescaped."""
    calendar: dict = {"VEVENT": []}
    stack: list[dict] = []
    for line in unfold(ics):
        name, _, value = line.partition(":")
        assert name and ";" not in name, line  # this writer uses no parameters
        if name == "BEGIN":
            stack.append({"_component": value})
            continue
        if name == "END":
            component = stack.pop()
            assert component["_component"] == value, f"END:{value} closes {component['_component']}"
            if value == "VEVENT":
                calendar["VEVENT"].append(component)
            else:
                calendar[value] = component
            continue
        # A TEXT value has no unescaped comma or semicolon (they would separate values).
        if name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value), f"unescaped separator in {line!r}"
        stack[-1][name] = unescape(value)
    assert not stack, "components left open"
    return calendar


def the_event(ics: str) -> dict:
    calendar = parse(ics)
    [event] = calendar["VEVENT"]
    return event
