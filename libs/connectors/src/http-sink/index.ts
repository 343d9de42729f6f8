export { httpSinkV2Plugin } from './http-sink-plugin';
export { HTTP_SINK_CLASS, HttpSinkConnector } from './http-sink-connector';
export { HTTP_SINK_VERSION, httpSinkHooks, HttpSinkTask } from './http-sink-task';
export type { ReportRecord } from './report-records';
