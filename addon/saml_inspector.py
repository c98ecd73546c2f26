"""`mitmdump -s addon/saml_inspector.py`: a thin shim; everything lives in samlscope.addon.

mitmproxy executes this file as a script (not as a module of the package), so it only imports
the installed package and hands mitmproxy the addon instance.
"""

from samlscope.addon.inspector import SamlInspector

addons = [SamlInspector()]
