{{/* Chart name, overridable. */}}
{{- define "psa-link-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-qualified unless the release name already contains the chart name. */}}
{{- define "psa-link-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "psa-link-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "psa-link-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "psa-link-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "psa-link-operator.labels" -}}
helm.sh/chart: {{ include "psa-link-operator.chart" . }}
{{ include "psa-link-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "psa-link-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "psa-link-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Lease the run command elects its leader with (fixed in the operator, not per release). */}}
{{- define "psa-link-operator.leaseName" -}}
psa-link-operator
{{- end }}

{{- define "psa-link-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
RBAC rules for watching HaloLinks and their Secrets, shared by the ClusterRole (all namespaces)
and the per-namespace Roles (watchNamespaces). Secrets are read-only: the operator never writes them.
*/}}
{{- define "psa-link-operator.watchRules" -}}
- apiGroups: ["psalink.io"]
  resources: ["halolinks"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["psalink.io"]
  resources: ["halolinks/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["psalink.io"]
  resources: ["halolinks/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
