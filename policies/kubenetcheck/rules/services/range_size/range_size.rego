# METADATA
# title: The service range must fit kube-apiserver's and kubeadm's size limits
# description: |
#   kube-apiserver refuses a --service-cluster-ip-range with more than 20 host
#   bits (IPv4 mask shorter than /12, IPv6 shorter than /108) unless both the
#   MultiCIDRServiceAllocator (GA and on by default in 1.33, locked on from
#   1.34) and DisableAllocatorDualWrite (beta and off by default in 1.33, on by
#   default from 1.34) feature
#   gates are on: by default, before Kubernetes 1.34. kubeadm applies the same
#   20-bit limit from 1.20 (ValidateServiceSubnetSize, kubernetes PR 95723), and
#   needs at least 10 addresses (MinimumAddressesInServiceSubnet), because it
#   puts the DNS Service at the tenth address. The version judged is --target-version, else the
#   cluster's version from the evidence; each finding says which.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-apiserver/app/options/validation.go
#     description: kube-apiserver validateClusterIPFlags, maxCIDRBits 20 while MultiCIDRServiceAllocator or DisableAllocatorDualWrite is off
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go
#     description: kubeadm ValidateServiceSubnetSize and ValidateIPNetFromString
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/constants/constants.go
#     description: kubeadm MaximumBitsForServiceSubnet 20, MinimumAddressesInServiceSubnet 10
#   - ref: https://github.com/kubernetes/kubernetes/pull/95723
#     description: kubeadm 1.20, serviceSubnet at most 20 host bits (MaximumBitsForServiceSubnet)
#   - ref: https://github.com/kubernetes/kubernetes/pull/128971
#     description: Kubernetes 1.33, MultiCIDRServiceAllocator GA (on by default), DisableAllocatorDualWrite beta (off by default)
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/features/kube_features.go
#     description: MultiCIDRServiceAllocator alpha 1.27, beta 1.31, GA default on 1.33, locked on 1.34
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/
#     description: Feature gates MultiCIDRServiceAllocator and DisableAllocatorDualWrite
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
#   versions:
#     - fact: kube-apiserver refuses a service range of more than 20 host bits (while MultiCIDRServiceAllocator or DisableAllocatorDualWrite is off)
#       versions: before 1.34 by default
#       source: https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-apiserver/app/options/validation.go
#     - fact: MultiCIDRServiceAllocator GA and on by default; locked on
#       versions: 1.33; 1.34
#       source: https://github.com/kubernetes/kubernetes/blob/master/pkg/features/kube_features.go
#     - fact: kubeadm refuses a serviceSubnet of more than 20 host bits
#       versions: kubeadm 1.20 and newer
#       source: https://github.com/kubernetes/kubernetes/pull/95723
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
		"message": sprintf("service range %s has %d host bits: kube-apiserver refuses more than %d (%s mask must be /%d or longer) before Kubernetes 1.34, and kubeadm from 1.20; judged for %s", [
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
		"message": sprintf("service range %s has %d host bits: kube-apiserver refuses more than %d before Kubernetes 1.34 and kubeadm from 1.20, and no version is known", [
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
