using System.CommandLine;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze rings</c>: rings of the P–S network from persistent homology (<see cref="HomologyCli"/>).</summary>
public sealed class AnalyzeRingsCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create() => HomologyCli.Build(rings: true);
}
