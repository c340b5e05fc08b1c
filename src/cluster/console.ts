// The VMI serial console: virt-api's `console` websocket carrying raw terminal bytes (see plainStream.ts).
import type { KubeHttp } from './kubeHttp';
import { subresourcePath } from './kubevirtPaths';
import { openPlainStream, type PlainStream, type StreamOptions } from './plainStream';

export type ConsoleSession = PlainStream;
export type ConsoleOptions = Omit<StreamOptions, 'query'>;

/** Opens the serial console; rejects with a KubeApiError carrying the Status (e.g. 400 "VMI is not running"). */
export function openSerialConsole(http: KubeHttp, namespace: string, name: string, options: ConsoleOptions = {}): Promise<ConsoleSession> {
  return openPlainStream(http, subresourcePath('virtualmachineinstances', namespace, name, 'console'), options);
}
