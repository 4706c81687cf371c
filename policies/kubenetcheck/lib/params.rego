# METADATA
# title: Parameters with their defaults
# description: |
#   Rule parameters come from data.netcheck.params (validated against
#   schemas/params.schema.json before evaluation); each has a default here.
package kubenetcheck.lib.params

default allowed_proxy_modes := ["iptables", "ipvs", "nftables"]

allowed_proxy_modes := data.netcheck.params.allowedProxyModes

# Windows nodes have one proxy mode, kernelspace; it is judged on its own list.
default allowed_windows_proxy_modes := ["kernelspace"]

allowed_windows_proxy_modes := data.netcheck.params.allowedWindowsProxyModes
