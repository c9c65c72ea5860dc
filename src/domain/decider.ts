/**
 * A decider (in the manner of Emmett): the consistency boundary of one stream as three pure parts
 * over plain data. `decide` refuses by throwing a DomainError and never does IO; `evolve` folds one
 * recorded event; `initialState` is a function because states hold Maps, and each fold needs its own.
 */
export interface Decider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
  /** How a state is kept apart from its stream (a snapshot), where it is: see `StateCodec`. */
  readonly snapshot?: StateCodec<State>;
}

/**
 * How a decider's state becomes plain JSON data and back, so that a reader can start from a kept
 * state instead of folding every event again (src/ledger/state-snapshots.ts). `decode(encode(s))`
 * must equal `s`, and must fold later events exactly as `s` does. `format` names the encoding: a
 * change to the state's shape changes it, and a snapshot of another format is never decoded.
 */
export interface StateCodec<State> {
  readonly format: string;
  readonly encode: (state: State) => unknown;
  readonly decode: (encoded: unknown) => State;
}
