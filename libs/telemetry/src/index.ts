export * from './metric-catalog';
export * from './minute-accumulator';
