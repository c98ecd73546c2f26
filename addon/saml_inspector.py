"""`mitmdump -s addon/saml_inspector.py`: a thin shim; everything lives in samlscope.addon.

mitmproxy executes this file as a script (not as a module of the package), so it only imports
the installed package and hands mitmproxy the addon instance.
"""

import os
import sys

from samlscope.addon.inspector import SamlInspector, repeated_options

if _twice := repeated_options(sys.argv):
    # mitmproxy would refuse these and every other samlscope option with them (saml_hold
    # included) and never call the addon: a held POST would be forwarded. Stop instead.
    sys.stderr.write(
        f"samlscope: {', '.join(_twice)} given more than once: give each option once\n"
    )
    sys.stderr.flush()
    os._exit(2)

addons = [SamlInspector()]
