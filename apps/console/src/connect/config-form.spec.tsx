import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import type { ConfigInfos } from '../api/types';
import { ConfigGroups } from '../components/ConfigFields';
import { buildForm, cleanConfig, defaultConnectorName, fieldErrors, groupsByStep } from './config-form';

const def = (name: string, type: string, group: string, order: number, extra: Record<string, unknown> = {}) => ({
  definition: {
    name,
    type,
    group,
    order,
    required: false,
    importance: 'HIGH',
    documentation: `Doc of ${name}`,
    display_name: `Label ${name}`,
    dependents: [],
    ...extra,
  },
  value: { name, value: null, recommended_values: [] as string[], errors: [] as string[], visible: true },
});

// The shape of PUT …/connector-plugins/DatagenSource/config/validate (groups, orders, a recommender, an error).
function datagenInfos(): ConfigInfos {
  const configs = [
    def('quickstart', 'STRING', 'Datagen Details', 1),
    def('max.interval', 'INT', 'Datagen Details', 3),
    def('output.data.format', 'STRING', 'Output messages', 1),
    def('kafka.topic', 'STRING', 'Which topic do you want to send data to?', 1, { required: true }),
    def('kafka.auth.mode', 'STRING', 'Kafka Cluster credentials', 1),
    def('kafka.api.key', 'PASSWORD', 'Kafka Cluster credentials', 2),
    def('kafka.api.secret', 'PASSWORD', 'Kafka Cluster credentials', 3),
    def('tasks.max', 'INT', 'Number of tasks for this connector', 1),
    def('connector.class', 'STRING', 'How should we connect to your data?', 1),
    def('name', 'STRING', 'How should we connect to your data?', 2),
    def('datapreview.schemas.enable', 'BOOLEAN', 'Kafka Cluster credentials', 4),
    def('errors.tolerance', 'STRING', 'Additional Configs', -1, { importance: 'LOW' }),
    def('transforms', 'LIST', 'Transforms', 1, { importance: 'LOW' }),
    def('transforms.t.type', 'CLASS', 'Transforms: t', 0),
  ];
  configs[0]!.value.recommended_values = ['ORDERS', 'USERS'];
  configs[1]!.value.errors = ['Invalid value abc for configuration max.interval: Not a number of type INT'];
  configs[2]!.value.recommended_values = ['AVRO', 'JSON', 'JSON_SR', 'PROTOBUF'];
  configs[10]!.value.visible = false;
  return {
    name: 'DatagenSource',
    error_count: 1,
    groups: [
      'How should we connect to your data?',
      'Kafka Cluster credentials',
      'Which topic do you want to send data to?',
      'Output messages',
      'Datagen Details',
      'Number of tasks for this connector',
      'Additional Configs',
      'Transforms',
      'Transforms: t',
    ],
    configs,
  };
}

describe('form generation from ConfigInfos', () => {
  it('keeps the answer’s group order and sorts fields by their order in the group', () => {
    const groups = buildForm(datagenInfos());
    expect(groups.map((g) => g.name)).toEqual([
      'How should we connect to your data?',
      'Kafka Cluster credentials',
      'Which topic do you want to send data to?',
      'Output messages',
      'Datagen Details',
      'Number of tasks for this connector',
      'Additional Configs',
    ]);
    expect(groups[4]!.fields.map((f) => f.name)).toEqual(['quickstart', 'max.interval']);
  });

  it('picks widgets from the definition type and the recommended values, hides invisible fields', () => {
    const fields = Object.fromEntries(
      buildForm(datagenInfos())
        .flatMap((g) => g.fields)
        .map((f) => [f.name, f]),
    );
    expect(fields['kafka.api.secret']!.widget).toBe('password');
    expect(fields.quickstart!.widget).toBe('select');
    expect(fields.quickstart!.options).toEqual(['ORDERS', 'USERS']);
    expect(fields['tasks.max']!.widget).toBe('number');
    expect(fields['kafka.topic']!.required).toBe(true);
    expect(fields['datapreview.schemas.enable']).toBeUndefined();
    expect(fields['transforms.t.type']).toBeUndefined(); // the SMT editor's
  });

  it('maps groups onto the wizard steps', () => {
    const steps = groupsByStep(buildForm(datagenInfos()));
    expect(steps.topic.map((g) => g.name)).toEqual(['Which topic do you want to send data to?']);
    expect(steps.credentials.map((g) => g.name)).toEqual(['Kafka Cluster credentials']);
    expect(steps.configuration.map((g) => g.name)).toEqual(['Output messages', 'Datagen Details']);
    expect(steps.advanced.map((g) => g.name)).toEqual(['Additional Configs']);
    expect(steps.sizing.map((g) => g.name)).toEqual(['Number of tasks for this connector']);
    expect(steps.review.map((g) => g.name)).toEqual(['How should we connect to your data?']);
  });

  it('puts the framework keys on their own step even inside a plugin group', () => {
    const infos = datagenInfos();
    infos.configs = [
      def('kafka.topic', 'STRING', 'Datagen', 1, { required: true }),
      def('quickstart', 'STRING', 'Datagen', 2),
      def('tasks.max', 'INT', 'Datagen', 3),
      def('kafka.auth.mode', 'STRING', 'Kafka Cluster credentials', 1),
    ];
    infos.groups = ['Datagen', 'Kafka Cluster credentials'];
    const steps = groupsByStep(buildForm(infos));
    const names = (s: keyof typeof steps) => steps[s].flatMap((g) => g.fields.map((f) => f.name));
    expect(names('topic')).toEqual(['kafka.topic']);
    expect(names('configuration')).toEqual(['quickstart']);
    expect(names('sizing')).toEqual(['tasks.max']);
    expect(names('credentials')).toEqual(['kafka.auth.mode']);
  });

  it('collects errors per field, cleans the config and names connectors as Confluent does', () => {
    expect(fieldErrors(datagenInfos())).toEqual({
      'max.interval': ['Invalid value abc for configuration max.interval: Not a number of type INT'],
    });
    expect(cleanConfig({ a: '', b: 'x', c: undefined, d: true })).toEqual({ b: 'x', d: 'true' });
    expect(defaultConnectorName('DatagenSource', ['DatagenSourceConnector_0'])).toBe('DatagenSourceConnector_1');
  });

  it('renders labels, documentation, choices and the error on its own field', () => {
    function Form() {
      const form = useForm<Record<string, string>>();
      return <ConfigGroups groups={buildForm(datagenInfos())} register={form.register} showErrors={() => true} />;
    }
    render(<Form />);
    const quickstart = screen.getByLabelText(/Label quickstart/) as HTMLSelectElement;
    expect([...quickstart.options].map((o) => o.value)).toEqual(['', 'ORDERS', 'USERS']);
    expect(quickstart.getAttribute('aria-describedby')).toContain('doc');
    const interval = screen.getByLabelText(/Label max.interval/);
    expect(interval.getAttribute('aria-invalid')).toBe('true');
    const field = interval.closest('[data-field="max.interval"]')!;
    expect(field.textContent).toContain('Not a number of type INT');
    expect((screen.getByLabelText(/Label kafka.api.secret/) as HTMLInputElement).type).toBe('password');
    expect(screen.getByText('Doc of kafka.topic')).toBeTruthy();
  });
});
