#!/bin/sh
# Copies the generated CRDs committed under crds/ into the chart, which must ship identical copies
# (io.psalink.helm.ChartCrdsTest fails when they differ). Run from anywhere after regenerating crds/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
chart_crds="$root/helm/psa-link-operator/crds"
mkdir -p "$chart_crds"
rm -f "$chart_crds"/*.yml "$chart_crds"/*.yaml
cp "$root"/crds/*.yml "$chart_crds"/
echo "copied: $(cd "$chart_crds" && ls ./*.yml | tr '\n' ' ')"
