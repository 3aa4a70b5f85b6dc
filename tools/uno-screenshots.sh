#!/bin/sh
# uno-screenshots.sh - screenshots of LibreOffice with thidua.oxt under Xvfb,
# in a Vietnamese interface: the "Thi đua" menu open, the about dialog, the
# problems dialog (with and without the provisional button, and resized),
# the save and overwrite questions, a folder picker, a message box, the
# progress dialog of the sheets and of the tally (each cancelled, from the
# keyboard, while it runs on the office's main thread as from the menu; the
# folder is checked unchanged) and the options page with the .xlsx format
# chosen. Writes PNGs into OUTDIR; look at them.
#
# The interface is Vietnamese only with LibreOffice's Vietnamese resources
# (Debian's libreoffice-l10n-vi, unpacked into the private tree below, its
# Langpack-vi.xcd linked into share/registry as the package's trigger would)
# and the profile's UI locale set to vi (registrymodifications.xcu); without
# them LibreOffice falls back to en-US whatever LANG says.
#
# Usage: tools/uno-screenshots.sh OUTDIR [path/to/thidua.oxt]
#
# Debian's LibreOffice packages used by the project are the -nogui builds
# (no X11 plugin). Rather than replacing them, the script assembles a private
# GUI LibreOffice of the same version in $THIDUA_LO_GUI (default
# /tmp/thidua-lo-gui): the system tree linked, with the files of
# libreoffice-core, -writer and -calc (apt-get download + dpkg -x) over it.
# Needs (Debian): xvfb x11-apps imagemagick xdotool, and the GUI core's own
# libraries libepoxy0 liborc-0.4-0 libgstreamer-plugins-base1.0-0 libzxing2;
# installed here when missing and run as root.
set -eu
out=${1:?usage: $0 OUTDIR [thidua.oxt]}
root=$(cd "$(dirname "$0")/.." && pwd)
oxt=${2:-$root/build/thidua.oxt}
gui=${THIDUA_LO_GUI:-/tmp/thidua-lo-gui}
[ -f "$oxt" ] || { echo "uno-screenshots: $oxt is missing (make oxt)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

need="xvfb x11-apps imagemagick xdotool libepoxy0 liborc-0.4-0 libgstreamer-plugins-base1.0-0 libzxing2"
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "uno-screenshots: please install:$missing" >&2; exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# ---- a private GUI LibreOffice ------------------------------------------
if [ ! -x "$gui/lib/libreoffice/program/soffice.bin" ] ||
   [ ! -e "$gui/lib/libreoffice/program/libvclplug_genlo.so" ] ||
   [ ! -d "$gui/lib/libreoffice/program/resource/vi" ]; then
  rm -rf "$gui" && mkdir -p "$gui/debs" "$gui/x" "$gui/lib"
  (cd "$gui/debs" && apt-get download libreoffice-core libreoffice-writer libreoffice-calc \
     libreoffice-l10n-vi)
  for d in "$gui"/debs/*.deb; do dpkg -x "$d" "$gui/x"; done
  cp -as /usr/lib/libreoffice "$gui/lib/"
  # the GUI packages' files replace the links (directories merge)
  (cd "$gui/x/usr/lib/libreoffice" && find . -type f -o -type l) | while read -r f; do
    mkdir -p "$gui/lib/libreoffice/$(dirname "$f")"
    rm -f "$gui/lib/libreoffice/$f"
    cp -a "$gui/x/usr/lib/libreoffice/$f" "$gui/lib/libreoffice/$f"
  done
  # the launchers and the bootstrap files resolve their own location, and
  # the bootstrap files name the installation: real copies, pointing here
  for f in soffice unopkg "$(cd "$gui/lib/libreoffice/program" && ls -- *rc)"; do
    for g in $f; do
      p=$gui/lib/libreoffice/program/$g
      [ -L "$p" ] && cp --remove-destination "$(readlink -f "$p")" "$p"
      case $g in *rc) sed -i "s|file:///usr/lib/libreoffice|file://$gui/lib/libreoffice|g" "$p" ;; esac
    done
  done
fi
# Debian's language packs put their configuration layer in share/.registry
# and a dpkg trigger links it into share/registry; without that link the
# office does not know the language is installed and stays in en-US.
for f in "$gui"/lib/libreoffice/share/.registry/*.xcd "$gui"/lib/libreoffice/share/.registry/res/*.xcd; do
  [ -e "$f" ] || continue
  case $f in */res/*) d=res/ ;; *) d= ;; esac
  [ -e "$gui/lib/libreoffice/share/registry/$d$(basename "$f")" ] ||
    cp "$f" "$gui/lib/libreoffice/share/registry/$d"
done
prog=$gui/lib/libreoffice/program

# ---- run as an ordinary user (unopkg refuses root) ----------------------
work=$(mktemp -d /tmp/thidua-shots.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown nobody:nogroup "$work" "$out"
  as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work" "$@"; }
else
  as_user() { env HOME="$work" "$@"; }
fi
cp "$oxt" "$work/thidua.oxt"
cp "$root/examples/cum-xii-ha-noi-2018.fods" "$work/cum-xii.fods"
cp "$root/tests/fixtures/data/bad-date--february-30.fods" "$work/bad-date.fods"
chmod -R a+rX "$work"
[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$work"

disp=:57
Xvfb $disp -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1

cat > "$work/shots.py" <<'EOF'
import os, subprocess, sys, threading, time
import uno
import unohelper
from com.sun.star.awt import XCallback
from com.sun.star.beans import PropertyValue

prog, work, out, disp = sys.argv[1:5]
env = dict(os.environ, DISPLAY=disp, SAL_USE_VCLPLUGIN="gen")


def sh(*a):
    return subprocess.run(list(a), env=env, capture_output=True, text=True)


def shot(name):
    time.sleep(1.5)
    sh("import", "-window", "root", os.path.join(out, name + ".png"))
    print("shot", name, flush=True)


def key(*keys):
    sh("xdotool", "key", "--delay", "150", *keys)


def run():
    prof = os.path.join(work, "profile")
    url = "file://" + prof
    subprocess.run([prog + "/soffice", "--headless", "--terminate_after_init",
                    "-env:UserInstallation=" + url], env=env)
    # a Vietnamese interface: the UI locale in the profile
    reg = os.path.join(prof, "user", "registrymodifications.xcu")
    items = "".join(
        '<item oor:path="%s"><prop oor:name="%s" oor:op="fuse"><value>%s</value></prop></item>\n'
        % i for i in (("/org.openoffice.Office.Linguistic/General", "UILocale", "vi"),
                      ("/org.openoffice.Setup/L10N", "ooLocale", "vi"),
                      ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "vi-VN")))
    text = open(reg, encoding="utf-8").read().replace("</oor:items>", items + "</oor:items>")
    open(reg, "w", encoding="utf-8").write(text)
    r = subprocess.run([prog + "/unopkg", "add", "-s", work + "/thidua.oxt",
                        "-env:UserInstallation=" + url], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("unopkg: " + r.stdout + r.stderr)
    pipe = "thidua-shots-%d" % os.getpid()
    office = subprocess.Popen([prog + "/soffice", "--norestore", "--nologo",
                               "-env:UserInstallation=" + url,
                               "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
                               work + "/cum-xii.fods"], env=env)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    for _ in range(100):
        if desktop.getCurrentFrame() is not None and desktop.getCurrentComponent() is not None:
            break
        time.sleep(0.2)
    time.sleep(4)
    frame = desktop.getCurrentFrame()
    frame.getContainerWindow().setPosSize(0, 0, 1280, 800, 15)
    time.sleep(1)

    # the menu: F10 to the menu bar, then to "Thi đua" by its mnemonic
    key("alt+u")
    shot("menu")
    key("Escape", "Escape")

    def dispatch(cmd, **args):
        u = uno.createUnoStruct("com.sun.star.util.URL")
        u.Complete = "vnd.thidua:" + cmd
        d = frame.queryDispatch(u, "_self", 0)
        pv = tuple(PropertyValue(Name=k, Value=v) for k, v in args.items())
        t = threading.Thread(target=d.dispatch, args=(u, pv), daemon=True)
        t.start()
        return t

    class Callback(unohelper.Base, XCallback):
        def __init__(self, fn):
            self.fn = fn

        def notify(self, data):
            self.fn()

    def dispatch_main(cmd, **args):
        """The command run on the office's main thread, as the menu runs it
        (AsyncCallback calls back there; the nested dispatch stays there).
        Returns an Event set when the command has returned."""
        u = uno.createUnoStruct("com.sun.star.util.URL")
        u.Complete = "vnd.thidua:" + cmd
        d = frame.queryDispatch(u, "_self", 0)
        pv = tuple(PropertyValue(Name=k, Value=v) for k, v in args.items())
        done = threading.Event()

        def run():
            try:
                d.dispatch(u, pv)
            finally:
                done.set()
        ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.awt.AsyncCallback", ctx).addCallback(Callback(run), None)
        return done

    def close(t, title, keys=("Escape",)):
        """Focus the dialog (there is no window manager) and close it."""
        wins = sh("xdotool", "search", "--onlyvisible", "--name", title).stdout.split()
        if wins:
            sh("xdotool", "windowfocus", "--sync", wins[-1])
        key(*keys)
        if isinstance(t, threading.Event):
            t.wait(20)
            alive = not t.is_set()
        else:
            t.join(20)
            alive = t.is_alive()
        if alive:
            sys.exit("uno-screenshots: the dialog %r did not close" % title)

    def focus(title):
        wins = sh("xdotool", "search", "--onlyvisible", "--name", title).stdout.split()
        if wins:
            sh("xdotool", "windowfocus", "--sync", wins[-1])
        return wins[-1] if wins else None

    t = dispatch("About")
    shot("about")
    close(t, "Giới thiệu")
    t = dispatch("GenerateAgreement", DataPath=work + "/bad-date.fods", OutDir=work, Open=False)
    shot("problems")
    w = focus("Các vấn đề")
    if w:
        sh("xdotool", "windowmove", w, "60", "60")
        sh("xdotool", "windowsize", w, "1100", "620")
    shot("problems-resized")
    close(t, "Các vấn đề")
    # the save question: the open workbook with an unsaved change
    doc = desktop.getCurrentComponent()
    doc.getSheets().getByName("Căn cứ").getCellByPosition(5, 0).setString("sửa")
    t = dispatch("GenerateAgreement", OutDir=work + "/out", Open=False)
    time.sleep(1.5)
    focus("^Thi đua$")  # focused, the box shows its default button
    shot("question-save")
    close(t, "Thi đua", ("Escape",))
    os.makedirs(work + "/out", exist_ok=True)
    open(work + "/out/ban-giao-uoc-thi-dua-2018.odt", "w").close()
    t = dispatch("GenerateAgreement", DataPath=work + "/cum-xii.fods", OutDir=work + "/out",
                 Open=False)
    time.sleep(1.5)
    focus("^Thi đua$")
    shot("question-overwrite")
    # Enter must answer Không: the file stays as it was (empty)
    close(t, "^Thi đua$", ("Return",))
    if os.path.getsize(work + "/out/ban-giao-uoc-thi-dua-2018.odt") != 0:
        sys.exit("uno-screenshots: Enter replaced the file: the default is not Không")
    t = dispatch("GenerateAgreement", DataPath=work + "/cum-xii.fods", Open=False)
    shot("folder-picker")
    close(t, "bản giao ước")
    os.makedirs(work + "/sheets", exist_ok=True)
    t = dispatch("GenerateSheets", DataPath=work + "/cum-xii.fods", OutDir=work + "/sheets")
    shot("sheets-written")
    close(t, "^Thi đua$", ("Return",))
    t = dispatch("Tally", DataPath=work + "/cum-xii.fods", Inputs=work + "/bad-date.fods",
                 OutDir=work)
    shot("tally-problems")
    close(t, "Các vấn đề")

    # the progress dialogs: held at a step until cancelled from the keyboard
    # (Enter: Hủy, the default button; Escape: the close box's way), then the
    # message; the sheets folder must be as it was
    def state(d):
        return sorted((n, os.stat(os.path.join(d, n)).st_mtime_ns) for n in os.listdir(d))
    before = state(work + "/sheets")
    log = work + "/transcript.txt"
    t = dispatch_main("GenerateSheets", DataPath=work + "/cum-xii.fods", OutDir=work + "/sheets",
                      Overwrite=True, HoldAt=3, Transcript=log)
    shot("progress-sheets")
    focus("^Thi đua$")
    key("Return")
    shot("progress-sheets-cancelled")
    close(t, "^Thi đua$", ("Return",))
    if state(work + "/sheets") != before:
        sys.exit("uno-screenshots: cancelling the sheets changed the folder")
    if "CANCEL: button" not in open(log, encoding="utf-8").read():
        sys.exit("uno-screenshots: Enter did not press Hủy")
    os.makedirs(work + "/out2", exist_ok=True)
    t = dispatch_main("Tally", DataPath=work + "/cum-xii.fods", Inputs=work + "/sheets",
                      OutDir=work + "/out2", AllowIncomplete=True, HoldAt=4, Transcript=log)
    shot("progress-tally")
    focus("^Thi đua$")
    key("Escape")
    shot("progress-tally-cancelled")
    close(t, "^Thi đua$", ("Return",))
    if os.listdir(work + "/out2"):
        sys.exit("uno-screenshots: cancelling the tally wrote " + str(os.listdir(work + "/out2")))
    if "CANCEL: close box" not in open(log, encoding="utf-8").read():
        sys.exit("uno-screenshots: Escape did not close the progress dialog")
    # the options with the .xlsx format chosen
    cp = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    node = cp.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (PropertyValue(Name="nodepath", Value="/vn.thidua.Settings/Options"),))
    node.replaceByName("SheetFormat", "xlsx")
    node.commitChanges()
    # Tools > Options > Thi đua
    pip = ctx.getValueByName("/singletons/com.sun.star.deployment.PackageInformationProvider")
    page = pip.getPackageLocation("vn.thidua.extension") + "/dialogs/options.xdl"
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    t = threading.Thread(target=helper.executeDispatch, daemon=True,
                         args=(frame, ".uno:OptionsTreeDialog", "", 0,
                               (PropertyValue(Name="OptionsPageURL", Value=page),)))
    t.start()
    shot("options")
    close(t, "Tùy chọn", ("Escape",))
    # the change made for the save question: dropped, so that closing asks nothing
    doc.setModified(False)
    print("terminating the office", flush=True)
    threading.Thread(target=desktop.terminate, daemon=True).start()
    try:
        office.wait(30)
        print("office exited: %d" % office.returncode, flush=True)
    except subprocess.TimeoutExpired:
        print("office did not exit: killed", flush=True)
        office.kill()


run()
EOF
as_user /usr/bin/python3 "$work/shots.py" "$prog" "$work" "$out" "$disp"
ls "$out"
