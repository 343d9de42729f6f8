// The per-key result of ConfigDef.validate (Kafka's ConfigValue).
export class ConfigValue {
  value: unknown = null;
  recommendedValues: unknown[] = [];
  readonly errorMessages: string[] = [];
  visible = true;

  constructor(readonly name: string) {}

  addErrorMessage(message: string): void {
    this.errorMessages.push(message);
  }
}

/** What Connector.validate returns (Kafka's Config). */
export interface Config {
  readonly configValues: ConfigValue[];
}
