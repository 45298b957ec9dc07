using System.CommandLine;
using Vitrion.Cli.Options;
using System.Globalization;

namespace Vitrion.Cli.Commands;

/// <summary>What the softness commands share: the --type-names option and number formatting.</summary>
internal static class SoftnessCommon
{
    public static Option<string?> TypeNamesOption() => InputCliOptions.TypeNames("Names decide the element (Li, P, S) and the anion of each S (S4→PS4, S1/Sc→P2S7, S2→P2S6); without anion names the anions are found geometrically (P–S, P–P within 2.6 Å).");

    public static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
