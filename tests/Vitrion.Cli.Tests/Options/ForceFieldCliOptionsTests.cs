using System.CommandLine;
using System.Text.Json;
using Vitrion.Cli.Tests.Hardening;
using Vitrion.ForceField;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Options;

/// <summary>
/// One force-field option group: every command with a force field spells --kspace the same way, refuses the same
/// bad values with the same message, and accepts none (plain cut Coulomb) — and actually uses it.
/// </summary>
public sealed class ForceFieldCliOptionsTests
{
    private static readonly string[][] Commands = [["md"], ["run"], ["energy"], ["quench"], ["neb"], ["neb", "batch"], ["export", "lammps"]];

    [Fact]
    public void EveryForceFieldCommandHasTheSameOptions()
    {
        var root = CliApp.BuildRoot();
        foreach (var path in Commands)
        {
            Command c = root;
            foreach (var name in path) { c = c.Subcommands.Single(s => s.Name == name); }
            var kspace = c.Options.Single(o => o.Name == "--kspace");
            Assert.EndsWith(KspaceStyleNames.Help, kspace.Description, StringComparison.Ordinal); // run: "Overrides the protocol's key of the same name. " first
            Assert.Contains("none", kspace.Description, StringComparison.Ordinal);
            Assert.Single(c.Options, o => o.Name == "--accuracy");
            Assert.Single(c.Options, o => o.Name == "--forcefield");
        }
    }

    public static TheoryData<string> CommandNames() => new() { "md", "run", "energy", "quench", "neb", "neb batch", "export lammps" };

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void AnUnknownStyleIsTheSameUserErrorEverywhere(string command)
    {
        string data = SmallGlass.Data, dir = References.TempDir("kspace-bad");
        string[] args = command switch
        {
            "md" => ["md", data, "--steps", "1"],
            "run" => ["run", Toml(dir, "pppm"), "--check"],
            "energy" => ["energy", data],
            "quench" => ["quench", SmallGlass.Dump, "--topology", data, "-o", Path.Combine(dir, "q.dump")],
            "neb" => ["neb", data, "--from", "1", "--to", "2", "-o", Path.Combine(dir, "neb")],
            "neb batch" => ["neb", "batch", data, "--softness", Path.Combine(dir, "soft.csv"), "-o", Path.Combine(dir, "b.csv")],
            _ => ["export", "lammps", data, "-o", Path.Combine(dir, "deck")],
        };
        SmallGlass.AssertUserError([.. args, "--kspace", "fmm"], "--kspace 'fmm': expected pppm, ewald or none");
    }

    [Fact]
    public void AProtocolFileSpellsItTheSameWay()
    {
        string dir = References.TempDir("kspace-toml");
        string toml = Path.Combine(dir, "p.toml");
        File.WriteAllText(toml, $"data = \"{SmallGlass.Data.Replace("\\", "/", StringComparison.Ordinal)}\"\nkspace = \"fmm\"\n[[stage]]\ntype = \"nve\"\nsteps = 0\n");
        SmallGlass.AssertUserError(["run", toml, "--check"], "kspace 'fmm': expected pppm, ewald or none");
    }

    [Fact]
    public void NoneIsPlainCutCoulombInEveryCommand()
    {
        string dir = References.TempDir("kspace-none");
        string data = SmallGlass.Data;

        // energy: no k-space term at all, and the Coulomb energy differs from the PPPM one (the long-range part is gone).
        double EnergyPe(string style, out JsonElement r)
        {
            var (code, stdout, err) = CliRunner.Run("energy", data, "--kspace", style, "--threads", "1", "--json");
            Assert.True(code == 0, err);
            r = JsonDocument.Parse(stdout).RootElement.Clone();
            return r.GetProperty("pe_kcal_per_mol").GetDouble();
        }

        double peNone = EnergyPe("NONE", out var none); // case does not matter
        double pePppm = EnergyPe("pppm", out _);
        Assert.Equal("none", none.GetProperty("kspace").GetString());
        Assert.Equal(0.0, none.GetProperty("elong_kcal_per_mol").GetDouble());
        Assert.True(Math.Abs(peNone - pePppm) > 1, $"none {peNone} vs pppm {pePppm}");

        // md and run evaluate the same energy at step 0 (before, a protocol silently turned anything but ewald into pppm).
        var (mc, mo, me) = CliRunner.Run("md", data, "--steps", "0", "--kspace", "none", "--threads", "1", "--json");
        Assert.True(mc == 0, me);
        Assert.Equal(peNone, JsonDocument.Parse(mo).RootElement.GetProperty("pe_kcal_per_mol").GetDouble(), 1e-6 * Math.Abs(peNone));
        string toml = Path.Combine(dir, "p.toml");
        File.WriteAllText(toml, $"data = \"{data.Replace("\\", "/", StringComparison.Ordinal)}\"\nkspace = \"none\"\nthreads = 1\n[[stage]]\ntype = \"nve\"\nsteps = 0\n");
        var (rc, ro, re) = CliRunner.Run("run", toml, "--json");
        Assert.True(rc == 0, re);
        Assert.Equal(peNone, JsonDocument.Parse(ro).RootElement.GetProperty("pe_kcal_per_mol").GetDouble(), 1e-6 * Math.Abs(peNone));

        // run --kspace overrides the protocol's key: a pppm protocol run with --kspace none is the none energy, without it the pppm one.
        string pppm = Toml(dir, "pppm");
        (rc, ro, re) = CliRunner.Run("run", pppm, "--kspace", "none", "--json");
        Assert.True(rc == 0, re);
        Assert.Equal(peNone, JsonDocument.Parse(ro).RootElement.GetProperty("pe_kcal_per_mol").GetDouble(), 1e-6 * Math.Abs(peNone));
        (rc, ro, re) = CliRunner.Run("run", pppm, "--json");
        Assert.True(rc == 0, re);
        Assert.Equal(pePppm, JsonDocument.Parse(ro).RootElement.GetProperty("pe_kcal_per_mol").GetDouble(), 1e-6 * Math.Abs(pePppm));

        // export lammps: LAMMPS' plain cut Coulomb pair style and no kspace_style.
        var (ec, _, ee) = CliRunner.Run("export", "lammps", data, "--kspace", "none", "-o", Path.Combine(dir, "deck"));
        Assert.True(ec == 0, ee);
        string deck = File.ReadAllText(Path.Combine(dir, "deck", "in.lammps"));
        Assert.Contains("lj/class2/coul/cut", deck, StringComparison.Ordinal);
        Assert.DoesNotContain("kspace_style", deck, StringComparison.Ordinal);

        // quench: runs with it.
        var (qc, _, qe) = CliRunner.Run("quench", SmallGlass.Dump, "--topology", data, "--kspace", "none", "--threads", "1", "--max-steps", "2", "--json", "-o", Path.Combine(dir, "q.dump"));
        Assert.True(qc == 0, qe);
    }

    private static string Toml(string dir, string kspace)
    {
        string toml = Path.Combine(dir, kspace + ".toml");
        File.WriteAllText(toml, $"data = \"{SmallGlass.Data.Replace("\\", "/", StringComparison.Ordinal)}\"\nkspace = \"{kspace}\"\nthreads = 1\n[[stage]]\ntype = \"nve\"\nsteps = 0\n");
        return toml;
    }
}
