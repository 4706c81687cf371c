/** The table of object handlers, one per kind of object that carries networking facts. */
import { calicoConfigHandler } from './cni/calico-config.js';
import { calicoInstallationHandler } from './cni/calico-installation.js';
import { calicoIPPoolHandler } from './cni/calico-ippool.js';
import { calicoNodeHandler } from './cni/calico-node.js';
import { ciliumConfigHandler } from './cni/cilium-config.js';
import { ciliumPodIPPoolHandler } from './cni/cilium-podippool.js';
import { flannelConfigHandler } from './cni/flannel-config.js';
import { weaveNetHandler } from './cni/weave-net.js';
import { eksctlHandler } from './cloud/eksctl.js';
import { componentConfigMapHandler } from './core/configmap.js';
import { daemonSetHandler } from './core/daemonset.js';
import { kubeProxyConfigHandler } from './core/kube-proxy-config.js';
import { kubeadmHandler } from './core/kubeadm.js';
import { kubeletConfigHandler } from './core/kubelet-config.js';
import { networkPolicyHandler } from './core/networkpolicy.js';
import { nodeHandler } from './core/node.js';
import { podHandler } from './core/pod.js';
import { serviceHandler } from './core/service.js';
import { serviceCIDRHandler } from './core/servicecidr.js';
import { kindClusterHandler } from './installers/kind-cluster.js';
import { openshiftNetworkHandler } from './cni/openshift-network.js';
import type { ObjectHandler } from './types.js';

export const OBJECT_HANDLERS: readonly ObjectHandler[] = [
  podHandler,
  calicoIPPoolHandler,
  calicoInstallationHandler,
  calicoNodeHandler,
  calicoConfigHandler,
  flannelConfigHandler,
  weaveNetHandler,
  ciliumConfigHandler,
  ciliumPodIPPoolHandler,
  nodeHandler,
  daemonSetHandler,
  kubeadmHandler,
  kubeletConfigHandler,
  kubeProxyConfigHandler,
  componentConfigMapHandler,
  serviceHandler,
  serviceCIDRHandler,
  networkPolicyHandler,
  eksctlHandler,
  kindClusterHandler,
  openshiftNetworkHandler,
];
