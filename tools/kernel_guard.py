"""The grading guard, run inside the grading kernel before any student code (never imported by the tools).

``tools/integrity.py`` sends this file's source as the first cell of every
hand-in it grades, followed by ``_lime_teach_install(key_file, watched)``,
and later cells that call the guard:

- ``seal()`` right after the locked setup cells: a snapshot of everything
  that decides how a test cell runs (IPython's input and AST transformers,
  custom exception handlers, event callbacks, the shell's and kernel's
  methods, tracing and profiling hooks, builtins, the functions of the
  watched modules - numpy, lime_teach... - and the modules the setup bound);
- ``check(nonce)`` before and after every test cell: the state compared with
  the snapshot, plus what the audit hook refused since the last check;
- ``passed(nonce)`` appended to each test cell: reached only if the test ran
  to its end.

Each answer is one line ``LIME-TEACH-GUARD {json}`` signed with a key that
only this closure and the grader hold (read from a file that is then
deleted), so a hand-in cannot print a clean check for a dirty state without
first reaching into the guard, which the audit hook and the checks watch.

A Python audit hook (which Python code cannot remove) refuses, once the setup
is sealed, tracing, profiling other than by the test helper
``lime_teach.autograde.assert_no_calls``, ctypes from notebook code, and
swapping a function's code; every refusal is evidence.
"""


def _lime_teach_install(key_file, watched):
    import builtins
    import hashlib
    import hmac
    import json
    import os
    import sys
    import types

    with open(key_file) as f:
        key = f.read().strip().encode()
    os.unlink(key_file)
    shell = get_ipython()  # noqa: F821 (IPython's builtin)
    kernel = getattr(shell, "kernel", None)
    libraries = tuple(os.path.realpath(p) + os.sep for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}
                      | {os.path.dirname(__import__("lime_teach").__file__)} if p)
    state = {"sealed": False, "snapshot": {}, "refused": [], "allow_profile": set()}
    # Names the kernel itself rebinds around each request (input asks the front end).
    ignored_builtins = {"display", "get_ipython", "exit", "quit", "__IPYTHON__", "_", "__", "___",
                        "__lime_teach_guard__", "input", "raw_input", "getpass"}

    known = {}

    def library(filename):
        if filename not in known:
            real = os.path.realpath(filename or "")
            known[filename] = real.startswith(libraries) and real.endswith((".py", ".so"))
        return known[filename]

    def origin(obj):
        """Where a callable's code lives: 'library' (the environment, the package) or 'notebook'."""
        obj = getattr(obj, "__func__", obj)
        obj = getattr(obj, "func", obj)  # functools.partial
        code = getattr(obj, "__code__", None) or getattr(getattr(obj, "__call__", None), "__code__", None)
        return "library" if code is None or library(code.co_filename) else "notebook"

    def from_notebook(frame):
        """Whether the nearest frame outside ctypes/types/functools is notebook code."""
        while frame is not None and any(part in frame.f_code.co_filename for part in
                                        (os.sep + "ctypes" + os.sep, os.sep + "types.py", os.sep + "functools.py")):
            frame = frame.f_back
        return frame is not None and not library(frame.f_code.co_filename)

    def audit(event, args):
        if not state["sealed"]:
            return
        refused = None
        if event == "sys.settrace":
            refused = "sys.settrace (a tracing hook)"
        elif event == "sys.setprofile" and sys._getframe(1).f_code not in state["allow_profile"]:
            refused = "sys.setprofile (a profiling hook)"
        elif event.startswith("ctypes.") and from_notebook(sys._getframe(1)):
            refused = f"{event} (raw memory access)"
        elif event == "object.__setattr__" and len(args) > 1 and args[1] in (
                "__code__", "__defaults__", "__kwdefaults__", "__globals__") and from_notebook(sys._getframe(1)):
            refused = f"setting {args[1]} of {getattr(args[0], '__qualname__', '?')}"
        elif event == "sys.addaudithook":
            refused = "sys.addaudithook"
        if refused:
            state["refused"].append({"what": refused, "cell": shell.execution_count})
            raise RuntimeError(f"not allowed while grading: {refused}")

    sys.addaudithook(audit)

    def ids(items):
        return tuple((origin(f), id(getattr(f, "__func__", f))) for f in items)

    def hooks():
        """What is cheap to read again at every check: IPython's hook lists, sys's hooks."""
        snap = {
            "input_transformers_cleanup": ids(shell.input_transformers_cleanup),
            "input_transformers_post": ids(shell.input_transformers_post),
            "ast_transformers": ids(shell.ast_transformers),
            "input_transformer_manager": id(shell.input_transformer_manager),
            "custom_exceptions": ids(shell.custom_exceptions),
            "sys.gettrace": id(sys.gettrace()), "sys.getprofile": id(sys.getprofile()),
            "sys.displayhook": id(sys.displayhook), "sys.stdout": id(sys.stdout), "sys.stderr": id(sys.stderr),
            "sys.meta_path": ids(sys.meta_path), "sys.path_hooks": ids(sys.path_hooks),
        }
        manager = shell.input_transformer_manager
        for name in ("cleanup_transforms", "line_transforms", "token_transformers"):
            snap[f"input_transformer_manager.{name}"] = ids(getattr(manager, name, ()))
        for event, callbacks in shell.events.callbacks.items():
            snap[f"events.{event}"] = ids(callbacks)
        return snap

    def namespaces():
        """``(label, dict)`` whose callables must keep their identity: builtins, watched modules, the
        shell's and kernel's classes and instances, and the user namespace's modules."""
        found = [("builtins", vars(builtins))]
        for owner, label in ((shell, "shell"), (kernel, "kernel")):
            if owner is not None:
                found.append((label, vars(owner)))
                found += [(f"{c.__module__}.{c.__qualname__}", vars(c)) for c in type(owner).__mro__]
        found += [(name, vars(module)) for name, module in list(sys.modules.items())
                  if module is not None and name.split(".")[0] in watched]
        return found

    def seal_namespaces():
        """``[(label, namespace, name, value)]`` of every watched callable, taken once at the seal."""
        kept = []
        for label, namespace in namespaces():
            for name, value in list(namespace.items()):
                if label == "builtins" and name in ignored_builtins:
                    continue
                if callable(value) or isinstance(value, types.ModuleType):
                    kept.append((label, namespace, name, value))
        kept += [("sys.modules", sys.modules, name, module) for name, module in list(sys.modules.items())
                 if module is not None and name.split(".")[0] in watched]
        kept += [("user namespace", shell.user_ns, name, value) for name, value in list(shell.user_ns.items())
                 if isinstance(value, types.ModuleType) and not name.startswith("_")]
        return kept

    missing = object()

    def differences():
        found = []
        then = state["hooks"]
        now = hooks()
        for name, value in then.items():
            if name not in now:
                found.append(f"{name} was removed")
            elif now[name] != value:
                if isinstance(value, tuple) and (not value or isinstance(value[0], tuple)):  # a list of hooks
                    added = [o for o in now[name] if o not in value]
                    if any(o[0] == "notebook" for o in added) or any(o not in now[name] for o in value) \
                            or not name.startswith(("events.", "sys.meta_path", "sys.path_hooks")):
                        found.append(f"{name} was changed ({len(value)} -> {len(now[name])} entries)")
                else:
                    found.append(f"{name} was replaced")
        for name in now.keys() - then.keys():
            if any(o[0] == "notebook" for o in now[name]):
                found.append(f"{name} was added")
        found += [f"{label}.{name} was {'removed' if namespace.get(name, missing) is missing else 'replaced'}"
                  for label, namespace, name, value in state["kept"] if namespace.get(name, missing) is not value]
        for owner, label in ((shell, "shell"), (kernel, "kernel")):  # a method shadowed on the instance
            if owner is None:
                continue
            added = [k for k in vars(owner).keys() - state["instance_keys"][label] if callable(vars(owner)[k])]
            found += [f"{label}.{k} was added (shadows the method)" for k in added]
        new = sys.modules.keys() - state["modules_seen"]
        state["modules_seen"].update(new)
        for name in new:
            path = getattr(sys.modules.get(name), "__file__", None)
            # (a relative __file__ is a library's stand-in module, e.g. torch.ops: not a file on disk)
            if path and os.path.isabs(path) and not library(path) and name != "__main__":
                state["foreign"].append(f"module {name} was loaded from {path}, not from the environment")
        return found + state["foreign"]

    def sign(payload):
        text = json.dumps(payload, sort_keys=True)
        mac = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
        print(f"LIME-TEACH-GUARD {mac} {text}", flush=True)

    def seal(nonce):
        import lime_teach.autograde as helper

        state["allow_profile"] = {helper.assert_no_calls.__code__}
        state["hooks"], state["kept"] = hooks(), seal_namespaces()
        state["instance_keys"] = {label: set(vars(owner)) for owner, label in ((shell, "shell"), (kernel, "kernel"))
                                  if owner is not None}
        state["modules_seen"], state["foreign"] = set(sys.modules), []
        state["sealed"] = True
        sign({"nonce": nonce, "sealed": True})

    def forget_tests():
        """Drop the test cells' sources from the kernel's history: a later cell cannot print them."""
        import glob
        import linecache

        receipt = "__lime_teach_guard__.passed("
        history = shell.history_manager
        for lines in (shell.user_ns.get("In"), getattr(history, "input_hist_parsed", None),
                      getattr(history, "input_hist_raw", None)):
            for index, line in enumerate(lines if isinstance(lines, list) else []):
                if isinstance(line, str) and receipt in line:
                    lines[index] = "# (a test cell)"
        for name, value in list(shell.user_ns.items()):
            if name.startswith("_i") and isinstance(value, str) and receipt in value:
                shell.user_ns[name] = "# (a test cell)"
        for name, entry in list(linecache.cache.items()):
            if receipt in "".join(entry[2] if len(entry) > 2 else ()):
                del linecache.cache[name]
        for path in glob.glob(os.path.join(os.environ.get("TMPDIR", "/tmp"), "ipykernel_*", "*.py")):
            try:
                with open(path) as f:
                    if receipt in f.read():
                        os.unlink(path)
            except OSError:
                continue

    def check(nonce):
        forget_tests()
        evidence = [f"refused {r['what']} (In[{r['cell']}])" for r in state["refused"]]
        state["refused"].clear()
        try:
            evidence += differences() if state["sealed"] else ["the setup was not sealed"]
        except Exception as error:  # the hand-in broke what the check reads: that is evidence too
            evidence.append(f"the check failed: {type(error).__name__}: {error}"[:300])
        sign({"nonce": nonce, "clean": not evidence, "evidence": evidence[:20]})

    def passed(nonce):
        sign({"nonce": nonce, "passed": True})

    builtins.__lime_teach_guard__ = types.SimpleNamespace(seal=seal, check=check, passed=passed)
