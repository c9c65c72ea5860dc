import { buildProgram } from './main';

describe('benefits-ledger program', () => {
  it('registers the scenario, reassess and verify commands and the projections group', () => {
    const program = buildProgram();
    const names = program.commands.map((command) => command.name());
    expect(names).toEqual(expect.arrayContaining(['scenario', 'reassess', 'verify', 'projections']));
    const projections = program.commands.find((command) => command.name() === 'projections');
    expect(projections?.commands.map((command) => command.name())).toContain('rebuild');
  });

  it('takes the scenario file as a required argument', () => {
    const scenario = buildProgram().commands.find((command) => command.name() === 'scenario');
    expect(scenario?.registeredArguments.map((argument) => [argument.name(), argument.required])).toEqual([['file', true]]);
    expect(scenario?.options.map((option) => option.long)).toEqual(['--pretty', '--lang']);
  });
});
