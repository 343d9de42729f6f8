export * from './counter-source';
export * from './collect-sink';
