/**
 * A decider (in the manner of Emmett): the consistency boundary of one stream as three pure parts
 * over plain data. `decide` refuses by throwing a DomainError and never does IO; `evolve` folds one
 * recorded event; `initialState` is a function because states hold Maps, and each fold needs its own.
 */
export interface Decider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}
