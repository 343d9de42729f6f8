{{- define "connectplane.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "connectplane.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* selector labels of one component: include "connectplane.selector" (list . "api") */}}
{{- define "connectplane.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "connectplane.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "connectplane.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-secrets" (include "connectplane.fullname" .)) -}}
{{- end -}}

{{- define "connectplane.brokerHost" -}}
{{- printf "%s-broker" (include "connectplane.fullname" .) -}}
{{- end -}}

{{/* environment shared by every process: the ConfigMap and the Secret */}}
{{- define "connectplane.envFrom" -}}
- configMapRef:
    name: {{ include "connectplane.fullname" . }}-config
- secretRef:
    name: {{ include "connectplane.secretName" . }}
{{- end -}}

{{- define "connectplane.podDefaults" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* /tmp is the only path a process writes outside its data volume (the root file system is read-only) */}}
{{- define "connectplane.tmpVolume" -}}
- name: tmp
  emptyDir: {}
{{- end -}}
