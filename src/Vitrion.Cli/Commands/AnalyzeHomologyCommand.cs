using System.CommandLine;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze homology</c>: persistent homology of the P–S network (<see cref="HomologyCli"/>).</summary>
public sealed class AnalyzeHomologyCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create() => HomologyCli.Build(rings: false);
}
