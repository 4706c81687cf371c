#!/bin/sh
# First server: the config above is read from /etc/rancher/k3s/config.yaml.
curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.31.4+k3s1" INSTALL_K3S_EXEC="server --tls-san k3s.lab.example" sh -
