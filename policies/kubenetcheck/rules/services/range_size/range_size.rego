# METADATA
# title: The service range must fit kube-apiserver's and kubeadm's size limits
# description: |
#   kube-apiserver refuses a --service-cluster-ip-range with more than 20 host
#   bits (IPv4 mask shorter than /12, IPv6 shorter than /108) unless both the
#   MultiCIDRServiceAllocator (GA and locked on from 1.33) and
#   DisableAllocatorDualWrite (GA from 1.34) feature gates are on: by default,
#   before Kubernetes 1.34. kubeadm applies the same 20-bit limit in every
#   version (ValidateServiceSubnetSize), and needs at least 10 addresses
#   (MinimumAddressesInServiceSubnet), because it puts the DNS Service at the
#   tenth address. The version judged is --target-version, else the
#   cluster's version from the evidence; each finding says which.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-apiserver/app/options/validation.go
#     description: kube-apiserver validateClusterIPFlags, maxCIDRBits 20 while MultiCIDRServiceAllocator or DisableAllocatorDualWrite is off
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go
#     description: kubeadm ValidateServiceSubnetSize and ValidateIPNetFromString
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/constants/constants.go
#     description: kubeadm MaximumBitsForServiceSubnet 20, MinimumAddressesInServiceSubnet 10
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/
#     description: Feature gates MultiCIDRServiceAllocator (GA 1.33) and DisableAllocatorDualWrite (GA 1.34)
#   - ref: https://kubernetes.io/docs/tasks/network/extend-service-ip-ranges/
#     description: Extend Service IP ranges with ServiceCIDR objects
# custom:
#   id: KN401
#   severity: error
#   family: services
#   remediation: |
#     Choose a service range of at most 20 host bits (IPv4 /12 to /28, IPv6 /108 to /124):
#     kube-apiserver --service-cluster-ip-range on every control-plane node
#     (/etc/kubernetes/manifests/kube-apiserver.yaml; kubeadm networking.serviceSubnet).
#     Changing it on a running cluster re-addresses Services: from 1.33 add a ServiceCIDR
#     object for the new range instead (`kubectl apply -f servicecidr.yaml`) and migrate.
#     Verify with `kubeadm init phase preflight --config kubeadm.yaml` or `kube-netcheck check`.
#   evidence: kube-apiserver flags or manifest, or the kubeadm ClusterConfiguration, and the Kubernetes version
package kubenetcheck.rules.services.range_size

import data.kubenetcheck.lib.ranges
import data.kubenetcheck.lib.versions

_max_bits := 20

_min_addresses := 10

_host_bits(net) := ranges.width(net.family) - net.prefixLength

_min_mask(net) := ranges.width(net.family) - _max_bits

# A cluster kubeadm builds (a kubeadm ClusterConfiguration is in the evidence, or an
# installer that runs kubeadm): kubeadm refuses more than 20 host bits in every version
# (ValidateServiceSubnetSize, cmd/kubeadm/app/apis/kubeadm/validation/validation.go, v1.37.2),
# whatever kube-apiserver accepts.
_kubeadm if input.cluster.distribution in {"kubeadm", "kind"}

findings contains f if {
	some i, net in input.networks.service
	_host_bits(net) > _max_bits
	_kubeadm
	f := {
		"verdict": "fail",
		"message": sprintf("service range %s has %d host bits: kubeadm refuses more than %d in every version (%s mask must be /%d or longer)", [
			net.cidr, _host_bits(net), _max_bits, net.family, _min_mask(net),
		]),
		"facts": [sprintf("/networks/service/%d", [i]), "/cluster/distribution"],
		"value": net.cidr,
	}
}

findings contains f if {
	some i, net in input.networks.service
	_host_bits(net) > _max_bits
	not _kubeadm
	versions.judged.version < [1, 34]
	f := {
		"verdict": "fail",
		"message": sprintf("service range %s has %d host bits: kube-apiserver refuses more than %d (%s mask must be /%d or longer) before Kubernetes 1.34, and kubeadm in every version; judged for %s", [
			net.cidr, _host_bits(net), _max_bits, net.family, _min_mask(net), versions.judged.source,
		]),
		"facts": [sprintf("/networks/service/%d", [i])],
	}
}

findings contains f if {
	some i, net in input.networks.service
	_host_bits(net) > _max_bits
	not _kubeadm
	versions.judged.version >= [1, 34]
	f := {
		"verdict": "fail",
		"severity": "warning",
		"message": sprintf("service range %s has %d host bits: kube-apiserver accepts it from 1.34 (%s), but kubeadm refuses more than %d (%s mask /%d or longer)", [
			net.cidr, _host_bits(net), versions.judged.source, _max_bits, net.family, _min_mask(net),
		]),
		"facts": [sprintf("/networks/service/%d", [i])],
	}
}

findings contains f if {
	some i, net in input.networks.service
	_host_bits(net) > _max_bits
	not _kubeadm
	not versions.judged
	f := {
		"verdict": "unknown",
		"message": sprintf("service range %s has %d host bits: kube-apiserver refuses more than %d before Kubernetes 1.34 and kubeadm always, and no version is known", [
			net.cidr, _host_bits(net), _max_bits,
		]),
		"facts": [sprintf("/networks/service/%d", [i]), "/cluster/version"],
		"evidence": "--target-version, the kubeadm ClusterConfiguration (kubernetesVersion) or `kubectl get nodes` (VERSION)",
	}
}

findings contains f if {
	some i, net in input.networks.service
	size := ranges.size(net)
	size < _min_addresses
	f := {
		"verdict": "fail",
		"message": sprintf("service range %s has %d addresses: kubeadm needs at least %d, the DNS Service takes the tenth", [net.cidr, size, _min_addresses]),
		"facts": [sprintf("/networks/service/%d", [i])],
	}
}
