"""Helpers for the notebooks' hidden tests.

An exercise asks the student to write a function the package already has
(``perturb``, ``kernel``, ...). The hidden tests check that the answer does the
work itself instead of handing it to the reference it is compared with.
"""

import sys

# Modules whose functions an answer may not call unless an exercise allows them.
REFERENCES = ("lime", "lime_teach", "sklearn")


def _module_of(frame_or_function):
    module = getattr(frame_or_function, "__module__", None)
    if module is None and hasattr(frame_or_function, "f_globals"):
        module = frame_or_function.f_globals.get("__name__")
    return module or ""


def _is_forbidden(module, forbidden, allowed):
    def within(prefixes):
        return any(module == p or module.startswith(p + ".") for p in prefixes)

    return within(forbidden) and not within(allowed)


def assert_no_calls(function, *args, forbidden=REFERENCES, allowed=(), **kwargs):
    """Call ``function(*args, **kwargs)`` and fail if it calls into ``forbidden`` modules.

    Every call made while the answer runs is watched (with ``sys.setprofile``),
    so an import under another name does not hide it. ``allowed`` lists module
    prefixes that stay usable, e.g. ``allowed=("lime_teach.kernels",)``.
    Returns what ``function`` returns.
    """
    if isinstance(forbidden, str):
        forbidden = (forbidden,)
    if isinstance(allowed, str):
        allowed = (allowed,)
    # The answer itself lives in __main__; calls from this module are the harness's own.
    allowed = tuple(allowed) + (__name__,)
    seen = []

    def watch(frame, event, arg):
        # A reference may call its own helpers (lime calls sklearn); only a call
        # that comes straight from the answer's code counts.
        if event == "call":
            callee, caller = _module_of(frame), _module_of(frame.f_back) if frame.f_back else ""
            name = frame.f_code.co_name
        elif event == "c_call":
            callee, caller = _module_of(arg), _module_of(frame)
            name = getattr(arg, "__name__", "?")
        else:
            return
        from_library = _is_forbidden(caller, forbidden, ()) or _is_forbidden(caller, allowed, ())
        if _is_forbidden(callee, forbidden, allowed) and not from_library:
            seen.append(f"{callee}.{name}")

    # The answer may simply *be* the reference: `from lime_teach import kernel`.
    own = getattr(function, "__module__", None) or ""
    if _is_forbidden(own, forbidden, allowed):
        raise AssertionError(f"{getattr(function, '__name__', 'the answer')} is {own}'s own function: "
                             "write the computation yourself instead of importing the reference")
    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = function(*args, **kwargs)
    finally:
        sys.setprofile(previous)
    if seen:
        raise AssertionError(
            f"{getattr(function, '__name__', 'the answer')} calls {seen[0]}: "
            "write the computation yourself instead of calling the reference"
        )
    return result
