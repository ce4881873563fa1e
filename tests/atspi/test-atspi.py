#!/usr/bin/python3
# test-atspi.py — drive Pipedeck through AT-SPI, like a screen reader would.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   test-atspi.py PIPEDECK
#
# Runs inside atspi-session.sh (private session bus, unlocked keyring, X
# display). Starts `PIPEDECK --sandbox`, finds it on the AT-SPI bus and checks
# what AT-SPI really exposes: the pipeline list, the graph's stages and
# actions against GetPipelineState of the embedded sandbox, that the graph
# fits the default window, the toolbar, the toggles' states, the Release
# Change confirmation (cancelled: the sandbox
# must see no StartPipelineExecution) and that no focusable or actionable
# node of the window lacks a name. Prints TAP; every wait is a bounded poll.

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import gi

gi.require_version("Gio", "2.0")
gi.require_version("Secret", "1")
from gi.repository import Gio, GLib, Secret  # noqa: E402

APP_NAME = "pipedeck"
PIPELINE = "todo-list-aws"
SANDBOX_ACCOUNT = "Sandbox"
KEYRING_SCHEMA = "io.github.pipedeck.Pipedeck.Account"
WAIT = float(os.environ.get("PD_ATSPI_WAIT", "60"))

# Roles a user acts on: each must have a name of its own.
ACTIONABLE_ROLES = {
    "push button", "toggle button", "check box", "radio button", "list item",
    "menu item", "check menu item", "radio menu item", "link", "combo box",
    "entry", "password text", "spin button", "slider", "page tab", "switch",
    "tree item", "table cell",
}
# Focusable containers a screen reader does not announce by a name of their own.
CONTAINER_ROLES = {
    "application", "frame", "window", "dialog", "alert", "panel", "filler",
    "scroll pane", "viewport", "list", "tree", "tree table", "table",
}
# GTK 4.8 names a node without a name after its widget type: that is no name.
FALLBACK_NAME = re.compile(r"^(Gtk|Adw|Pd)[A-Z][A-Za-z]*$")
# A mnemonic marker left in a name: "_Add Account…"
MNEMONIC = re.compile(r"(^|\s)_\w")
DURATION = r"\d+ (h|min|s)( \d+ (min|s))*"


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, path, ok, why=""):
        self.n += 1
        if ok:
            print(f"ok {self.n} /pd/atspi/{path}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} /pd/atspi/{path}", flush=True)
            for line in str(why).splitlines() or [""]:
                print(f"# {line}", flush=True)
        return ok

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


# The program under test: waits end early when it has died.
app_process = None


def wait_for(what, func, timeout=WAIT):
    """Polls FUNC until it returns something true; raises after TIMEOUT s."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        if app_process is not None and app_process.poll() is not None:
            raise AssertionError(f"pipedeck ended with {app_process.returncode} "
                                 f"while waiting for {what}")
        try:
            value = func()
            if value:
                return value
        except GLib.Error as error:  # an accessible can go away under us
            last_error = error
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}"
                               + (f" (last error: {last_error.message})" if last_error else ""))
        time.sleep(0.1)


def a11y_bus_address():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                          None, GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE,
                          10000, None)
    return reply.unpack()[0]


# Set by main() once the AT-SPI bus is known: pyatspi reads its address when
# it is imported.
pyatspi = None
Atspi = None


def connect_to_a11y_bus():
    """Points this process and the program at the session's AT-SPI bus,
    whatever an X root window property may say, then imports pyatspi."""
    global pyatspi, Atspi

    os.environ["AT_SPI_BUS_ADDRESS"] = a11y_bus_address()
    os.environ["NO_AT_BRIDGE"] = "0"
    os.environ["GTK_A11Y"] = "atspi"
    import pyatspi as module
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi as atspi_module
    pyatspi, Atspi = module, atspi_module


# ---- helpers over the accessible tree ---------------------------------------

def children(node):
    try:
        count = node.childCount
    except GLib.Error:
        return []
    result = []
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except GLib.Error:
            continue
        if child is not None:
            result.append(child)
    return result


def walk(node, path=()):
    """Yields (node, path) depth first; path is a tuple of 'role:name' steps."""
    step = f"{node.getRoleName()}:{node.name!r}"
    here = path + (step,)
    yield node, here
    for child in children(node):
        yield from walk(child, here)


def find_all(root, pred):
    return [n for n, _ in walk(root) if pred(n)]


def find_one(root, pred):
    for n, _ in walk(root):
        if pred(n):
            return n
    return None


def has_name(node):
    name = (node.name or "").strip()
    return name != "" and not FALLBACK_NAME.match(name)


def action_names(node):
    try:
        action = node.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def do_action(node, name):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == name:
            return action.doAction(i)
    raise AssertionError(f"{node.getRoleName()} {node.name!r} has no action {name!r}: "
                         f"{action_names(node)}")


def states(node):
    return node.getState()


def extents(node):
    """Where NODE is, in the coordinates of its window."""
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def pressed(node):
    """Whether a toggle says it is on, as pressed or as checked."""
    node_states = states(node)
    return node_states.contains(pyatspi.STATE_PRESSED) or \
        node_states.contains(pyatspi.STATE_CHECKED)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if app.name == APP_NAME:
            return app
    return None


def main_window(app):
    for child in children(app):
        if child.getRoleName() == "frame" and child.name == "Pipedeck":
            return child
    return None


# ---- the sandbox, seen from outside the app -----------------------------------

def sandbox_account():
    """The sandbox account the app kept in the keyring: endpoint and keys."""
    schema = Secret.Schema.new(KEYRING_SCHEMA, Secret.SchemaFlags.NONE,
                               {"account": Secret.SchemaAttributeType.STRING})
    items = Secret.password_search_sync(schema, {"account": SANDBOX_ACCOUNT},
                                        Secret.SearchFlags.LOAD_SECRETS
                                        | Secret.SearchFlags.UNLOCK, None)
    if not items:
        return None
    item = items[0]
    attributes = item.get_attributes()
    secret = item.retrieve_secret_sync(None).get_text()
    return {
        "endpoint": attributes["endpoint-url"],
        "region": attributes.get("region", "eu-west-1"),
        "access_key_id": attributes["access-key-id"],
        "secret_key": secret.split("\n", 1)[0],
    }


def sandbox_stats(account):
    url = account["endpoint"].rstrip("/") + "/_sandbox/stats"
    if not url.startswith("http://127.0.0.1:"):
        raise AssertionError(f"the sandbox is not on loopback: {url}")
    # Straight to loopback, whatever proxy the environment names.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as reply:
        return json.load(reply)


def pipeline_state(account):
    """GetPipelineState through the real AWS CLI."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ["HOME"],
        "AWS_ACCESS_KEY_ID": account["access_key_id"],
        "AWS_SECRET_ACCESS_KEY": account["secret_key"],
        "AWS_DEFAULT_REGION": account["region"],
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_PAGER": "",
    }
    out = subprocess.run(["/usr/bin/aws", "--endpoint-url", account["endpoint"],
                          "--output", "json", "codepipeline", "get-pipeline-state",
                          "--name", PIPELINE],
                         env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"aws codepipeline get-pipeline-state failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def status_words(status):
    """A CodePipeline status as the graph says it, e.g. InProgress -> in progress."""
    return re.sub(r"(?<!^)([A-Z])", r" \1", status).lower()


# ---- the checks ----------------------------------------------------------------

def run(tap, pipedeck):
    global app_process
    app_env = dict(os.environ)
    app_env.setdefault("GSK_RENDERER", "cairo")
    app_env["G_DEBUG"] = os.environ.get("PD_ATSPI_APP_G_DEBUG", "")
    proc = subprocess.Popen([pipedeck, "--sandbox"], env=app_env,
                            stdout=sys.stderr, stderr=sys.stderr)
    app_process = proc
    closed = False
    try:
        window = checks(tap)
        # Close the window like a user of a screen reader would; the
        # program must then end on its own, with success.
        if window is not None and proc.poll() is None:
            app_process = None
            try:
                do_action(window, "window.close")
            except GLib.Error as error:
                # The program may end before it answers.
                tap.diag(f"closing the window: {error.message}")
            proc.wait(timeout=WAIT)
            closed = True
    finally:
        signalled = proc.poll() is None
        if signalled:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        tap.check("app-closes-cleanly", closed and proc.returncode == 0,
                  f"pipedeck ended with {proc.returncode}"
                  + (" after SIGTERM: it did not end when its window closed"
                     if signalled else ""))


def checks(tap):
    app = wait_for("the application on the AT-SPI bus", find_app)
    tap.check("application", app.name == APP_NAME)
    # Read names and states afresh every time, not from a cache.
    app.set_cache_mask(Atspi.Cache.NONE)

    window = wait_for("the main window", lambda: main_window(app))
    tap.check("main-window", window.getRoleName() == "frame")

    # The pipeline list, by its name, and the row of the pipeline.
    plist = wait_for("the list named Pipelines",
                     lambda: find_one(window, lambda n: n.getRoleName() == "list"
                                      and n.name == "Pipelines"))

    def pipeline_row():
        for item in children(plist):
            if item.getRoleName() != "list item":
                continue
            if any((n.name or "").startswith(PIPELINE + ", ")
                   for n in [item] + children(item)):
                return item
        return None

    row = wait_for(f"the row of {PIPELINE}", pipeline_row)
    tap.check("pipeline-row-named", (row.name or "").startswith(PIPELINE + ", "),
              f"the list item of {PIPELINE} is named {row.name!r}")

    # Toggles expose their state: press Favourite twice through AT-SPI.
    star = find_one(row, lambda n: n.name == "Favourite")
    ok = star is not None
    why = "no Favourite button in the row"
    if ok:
        before = pressed(star)
        do_action(star, "click")
        try:
            wait_for("Favourite to change state", lambda: pressed(star) != before, WAIT / 2)
            do_action(star, "click")
            wait_for("Favourite to change back", lambda: pressed(star) == before, WAIT / 2)
        except TimeoutError as error:
            ok, why = False, str(error)
    tap.check("toggle-state", ok, why)

    # Activate the row: select it through the list's Selection interface.
    index = row.getIndexInParent()
    plist.querySelection().selectChild(index)
    graph = wait_for("the pipeline graph with stages",
                     lambda: find_one(window, lambda n: n.name == "Pipeline graph"
                                      and any(c.name.startswith("Stage ")
                                              for c in children(n))))
    tap.check("pipeline-opened", graph is not None)

    account = wait_for("the sandbox account in the keyring", sandbox_account)
    state = pipeline_state(account)
    expected_stages = [(s["stageName"], status_words(s["latestExecution"]["status"]))
                       for s in state["stageStates"] if "latestExecution" in s]
    tap.diag(f"stages of {PIPELINE} from GetPipelineState: {expected_stages}")

    def graph_stages():
        found = [c for c in children(graph) if (c.name or "").startswith("Stage ")]
        names = [c.name for c in found]
        want = [f"Stage {n}, {s}" for n, s in expected_stages]
        return found if names == want else None

    try:
        stages = wait_for("the graph's stages to match GetPipelineState", graph_stages, WAIT / 2)
        tap.check("graph-stages", True)
    except TimeoutError as error:
        stages = [c for c in children(graph) if (c.name or "").startswith("Stage ")]
        tap.check("graph-stages", False,
                  f"{error}\ngraph: {[c.name for c in stages]}\n"
                  f"want: {[f'Stage {n}, {s}' for n, s in expected_stages]}")
    roles = {s.getRoleName() for s in stages}
    tap.check("stage-role", stages != [] and roles <= {"panel", "grouping", "section"},
              f"stage roles: {roles}")

    # At the default window size the graph fits: every stage lies inside
    # the window, none beyond its edge waiting to be scrolled to.
    def outside_window():
        frame = extents(window)
        bad = []
        for stage in stages:
            box = extents(stage)
            if box.width <= 0 or box.height <= 0 or box.x < frame.x or box.y < frame.y \
                    or box.x + box.width > frame.x + frame.width \
                    or box.y + box.height > frame.y + frame.height:
                bad.append(f"{stage.name}: {tuple(box)}")
        return bad

    try:
        wait_for("every stage inside the window", lambda: len(stages) == 7 and not outside_window(),
                 WAIT / 2)
        tap.check("graph-fits-window", True)
        tap.diag(f"window {tuple(extents(window))}, last stage {tuple(extents(stages[-1]))}")
    except TimeoutError as error:
        tap.check("graph-fits-window", False,
                  f"{error}\n{len(stages)} stages; window {tuple(extents(window))}\n"
                  + "\n".join(outside_window()))

    # Every action of every stage, in order, with its status and duration.
    bad = []
    count = 0
    for stage, stage_state in zip(stages, state["stageStates"]):
        acts = [c for c in children(stage) if (c.name or "").startswith("Action ")]
        want = [a for a in stage_state.get("actionStates", []) if "latestExecution" in a]
        if len(acts) != len(want):
            bad.append(f"{stage.name}: {len(acts)} actions shown, {len(want)} in the state")
            continue
        for node, action in zip(acts, want):
            count += 1
            words = status_words(action["latestExecution"]["status"])
            pattern = rf"^Action {re.escape(action['actionName'])}, {words}( in {DURATION})?$"
            if not re.match(pattern, node.name):
                bad.append(f"{node.name!r} does not match {pattern!r}")
            if node.getRoleName() != "push button":
                bad.append(f"{node.name!r} has the role {node.getRoleName()}")
            if not states(node).contains(pyatspi.STATE_FOCUSABLE):
                bad.append(f"{node.name!r} cannot take the focus")
    tap.check("graph-actions", count > 0 and not bad,
              "\n".join(bad) if bad else "no action found in the graph")
    durations = [c.name for s in stages for c in children(s)
                 if re.search(rf" in {DURATION}$", c.name or "")]
    tap.check("action-durations", durations != [],
              "no action of a finished run says how long it took")

    # The toolbar: every deploy button is named.
    toolbar_names = ["Release Change", "Stop Execution", "Retry Failed Stage", "Approve",
                     "Reject", "Transitions"]
    missing = [n for n in toolbar_names
               if find_one(window, lambda x, n=n: x.name == n
                           and x.getRoleName() in ("push button", "toggle button")) is None]
    tap.check("toolbar-named", not missing, f"no button named {missing}")

    # Release Change through the Action interface; the confirmation dialog
    # appears; Cancel; no execution was started.
    before = sandbox_stats(account)["requests"]
    release = find_one(window, lambda x: x.name == "Release Change"
                       and x.getRoleName() == "push button")
    if release is None:
        tap.check("release-dialog", False, "no Release Change button")
        return window
    do_action(release, "click")

    def release_dialog():
        for top in children(app):
            if top.getRoleName() in ("dialog", "alert") and "Release Change?" in (top.name or ""):
                return top
        return None

    try:
        dialog = wait_for("the Release Change? dialog", release_dialog, WAIT / 2)
    except TimeoutError as error:
        tap.check("release-dialog", False,
                  f"{error}\ntop levels: {[(t.getRoleName(), t.name) for t in children(app)]}")
        return window
    tap.check("release-dialog", states(dialog).contains(pyatspi.STATE_VISIBLE),
              "the dialog is not visible")
    cancel = find_one(dialog, lambda x: x.getRoleName() == "push button"
                      and "Cancel" in (x.name or ""))
    tap.check("release-dialog-cancel-named", cancel is not None,
              f"buttons: {[b.name for b in find_all(dialog, lambda x: x.getRoleName() == 'push button')]}")
    if cancel is not None:
        do_action(cancel, "click")

        # Asked of the dialog itself: GTK 4.8 answers a request for the
        # toplevels while one of them is being torn down with a reference
        # without an object path (a critical warning), which a screen
        # reader does not do at that moment either.
        def dialog_gone():
            try:
                dialog_states = states(dialog)
            except GLib.Error:
                return True
            return dialog_states.contains(pyatspi.STATE_DEFUNCT) or \
                not dialog_states.contains(pyatspi.STATE_VISIBLE)

        try:
            wait_for("the dialog to close", dialog_gone, WAIT / 2)
            closed = True
        except TimeoutError:
            closed = False
        tap.check("release-dialog-cancelled", closed, "the dialog stayed open")
    after = sandbox_stats(account)["requests"]
    started = after.get("codepipeline.StartPipelineExecution", 0) \
        - before.get("codepipeline.StartPipelineExecution", 0)
    polled = sum(v for k, v in after.items() if k.startswith("codepipeline."))
    tap.check("release-cancel-starts-nothing", started == 0 and polled > 0,
              f"StartPipelineExecution calls: {started}; codepipeline calls seen: {polled}")
    state_after = pipeline_state(account)
    ids_before = {s["latestExecution"]["pipelineExecutionId"]
                  for s in state["stageStates"] if "latestExecution" in s}
    ids_after = {s["latestExecution"]["pipelineExecutionId"]
                 for s in state_after["stageStates"] if "latestExecution" in s}
    tap.check("release-cancel-same-execution", ids_before == ids_after,
              f"executions before {ids_before}, after {ids_after}")

    # No focusable or actionable node of the window lacks a name.
    offenders = []
    for node, path in walk(window):
        role = node.getRoleName()
        try:
            focusable = states(node).contains(pyatspi.STATE_FOCUSABLE)
        except GLib.Error:
            continue
        needs = role in ACTIONABLE_ROLES or (focusable and role not in CONTAINER_ROLES)
        if not needs or has_name(node):
            continue
        parent = node.parent
        # GtkDropDown's inner button: AT-SPI presents the named combo box.
        if parent is not None and parent.getRoleName() == "combo box" and has_name(parent):
            continue
        offenders.append(f"{role} at {' / '.join(path)}")
    tap.check("every-control-named", not offenders,
              f"{len(offenders)} unnamed:\n" + "\n".join(offenders))

    # A screen reader reads a name as it is: no raw mnemonic underscore, no
    # label said twice.
    garbled = []
    for node, path in walk(window):
        name = node.name or ""
        words = name.split(" ")
        half = len(words) // 2
        if MNEMONIC.search(name) or (len(words) % 2 == 0 and half > 0
                                     and words[:half] == words[half:]):
            garbled.append(f"{node.getRoleName()} {name!r} at {' / '.join(path)}")
    tap.check("names-read-well", not garbled, "\n".join(garbled))
    return window


def main():
    if len(sys.argv) != 2:
        print("usage: test-atspi.py PIPEDECK", file=sys.stderr)
        return 2
    tap = Tap()
    try:
        connect_to_a11y_bus()
        run(tap, sys.argv[1])
    except Exception as error:  # noqa: BLE001 — any error is a failed check, with a plan
        tap.check("no-error", False, f"{type(error).__name__}: {error}")
    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
