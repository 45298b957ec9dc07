using Vitrion.Core;

namespace Vitrion.ForceField;

/// <summary>
/// The one spelling of <see cref="KspaceStyle"/> on command lines, in protocol files and in result records:
/// <c>pppm</c>, <c>ewald</c>, <c>none</c> (any case on input, lower case on output). Every command with a force field
/// (md, run, energy, quench, neb, neb batch, export lammps) accepts all three.
/// </summary>
public static class KspaceStyleNames
{
    /// <summary>What <c>--kspace</c> (and the protocol key <c>kspace</c>) accepts, for help texts.</summary>
    public const string Help = "Long-range Coulomb: pppm (production; default), ewald (the reference) or none (plain cut Coulomb, LAMMPS coul/cut: for tests and quick checks only, the glasses need the long-range sum).";

    /// <summary>The lower-case name of a style (pppm, ewald, none).</summary>
    /// <param name="style">the style.</param>
    /// <returns>its name.</returns>
    public static string Name(KspaceStyle style) => style switch
    {
        KspaceStyle.Pppm => "pppm",
        KspaceStyle.Ewald => "ewald",
        KspaceStyle.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown k-space style"),
    };

    /// <summary>Parses a style name (case-insensitive), or returns false.</summary>
    /// <param name="text">pppm, ewald or none.</param>
    /// <param name="style">the style.</param>
    /// <returns>whether the text names a style.</returns>
    public static bool TryParse(string? text, out KspaceStyle style)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "pppm": style = KspaceStyle.Pppm; return true;
            case "ewald": style = KspaceStyle.Ewald; return true;
            case "none": style = KspaceStyle.None; return true;
            default: style = KspaceStyle.Pppm; return false;
        }
    }

    /// <summary>Parses a style name (case-insensitive).</summary>
    /// <param name="text">pppm, ewald or none.</param>
    /// <param name="what">the option or key that gave it, for the message (e.g. <c>--kspace</c>).</param>
    /// <returns>the style.</returns>
    /// <exception cref="InputException">when the text names no style.</exception>
    public static KspaceStyle Parse(string? text, string what = "--kspace") =>
        TryParse(text, out var s) ? s : throw new InputException($"{what} '{text}': expected pppm, ewald or none");
}
