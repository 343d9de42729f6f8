import { useEffect, useRef, useState } from 'react';
import type { connectApi } from '../api/endpoints';
import type { ConfigInfos } from '../api/types';

/** The plugin's validate answer for the config as it is being edited (re-asked 300 ms after a change). */
export function useValidation(connect: ReturnType<typeof connectApi>, plugin: string, config: Record<string, string>) {
  const [infos, setInfos] = useState<ConfigInfos>();
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);
  const key = JSON.stringify(config);
  const run = async (): Promise<ConfigInfos | undefined> => {
    const n = ++seq.current;
    try {
      const r = await connect.validate(plugin, config);
      if (n === seq.current) {
        setInfos(r);
        setError(undefined);
      }
      return r;
    } catch (e) {
      if (n === seq.current) setError(e);
      return undefined;
    }
  };
  useEffect(() => {
    if (!plugin) return;
    const t = setTimeout(() => void run(), 300);
    return () => clearTimeout(t);
  }, [plugin, key]);
  return { infos, error, validateNow: run };
}

/** Sources preview their Connect data through the JSON converter: no schema is needed to show the effect. */
export function previewConfig(config: Record<string, string>, type: string | undefined): Record<string, string> {
  return type === 'source' && /^(AVRO|JSON_SR|PROTOBUF)$/.test(config['output.data.format'] ?? '')
    ? { ...config, 'output.data.format': 'JSON' }
    : config;
}

export const DEFAULT_SAMPLE =
  '{"key": "1", "value": {"ordertime": 1497014222380, "orderid": 1, "itemid": "Item_1", "orderunits": 2.5}}';
