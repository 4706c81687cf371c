# METADATA
# title: Pod and service ranges should be private address space
# description: |
#   Pod and Service addresses are normally taken from private space: RFC 1918
#   (10/8, 172.16/12, 192.168/16), RFC 6598 shared space (100.64/10) or IPv6
#   unique local addresses (fc00::/7). A range outside it shadows real
#   internet addresses: pods can no longer reach the sites that own them,
#   and a leaked route announces someone else's network. Some clouds give
#   pods global IPv6 addresses on purpose; allow that with the
#   allowPublicRanges parameter.
# related_resources:
#   - ref: https://www.rfc-editor.org/rfc/rfc1918
#     description: RFC 1918, address allocation for private internets
#   - ref: https://www.rfc-editor.org/rfc/rfc6598
#     description: RFC 6598, shared address space 100.64.0.0/10
#   - ref: https://www.rfc-editor.org/rfc/rfc4193
#     description: RFC 4193, IPv6 unique local addresses
#   - ref: https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
#     description: Service ClusterIP allocation
# custom:
#   id: KN105
#   severity: warning
#   family: ranges
#   remediation: |
#     Choose pod and service ranges inside private space that no network the cluster
#     must reach uses (check with the network team; name those with --avoid). Pod range:
#     the CNI pool and kube-controller-manager --cluster-cidr (kubeadm networking.podSubnet);
#     service range: kube-apiserver --service-cluster-ip-range (kubeadm networking.serviceSubnet).
#     If global addresses are intended (IPv6 on some clouds), set allowPublicRanges in the
#     parameters. Verify with `kube-netcheck check`.
#   evidence: kube-apiserver flags, kube-controller-manager flags, the CNI's configuration
package kubenetcheck.rules.ranges.private

import data.kubenetcheck.lib.params
import data.kubenetcheck.lib.ranges

findings contains f if {
	not params.allow_public_ranges
	some role in ["pod", "service"]
	some i, net in input.networks[role]
	not ranges.is_private(net)
	f := {
		"verdict": "fail",
		"message": sprintf("%s range %s is outside private address space (%s)", [role, net.cidr, _private_text(net.family)]),
		"facts": [sprintf("/networks/%s/%d", [role, i])],
	}
}

_private_text("IPv4") := "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10"

_private_text("IPv6") := "fc00::/7"
