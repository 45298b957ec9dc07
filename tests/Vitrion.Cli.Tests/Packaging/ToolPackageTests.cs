using System.Text.Json.Nodes;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Packaging;

/// <summary>
/// Issue #17: <c>dotnet pack</c> makes <c>vitrion</c> a .NET tool. Installed into a temporary tool path it runs
/// <c>vitrion energy</c> on the reference glass from a folder outside the repository, with the force field that was
/// installed next to it, and gives the same energy as the program built here.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Pack_InstallIntoToolPath_RunsEnergyOnTheReferenceGlass_WithTheForceFieldNextToIt()
    {
        string glass = References.ReferenceGlass;
        string root = References.TempDir("vitrion-tool");
        string pkg = Path.Combine(root, "pkg"), tools = Path.Combine(root, "tools"), work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        string project = Path.Combine(References.RepoRoot, "src", "Vitrion.Cli", "Vitrion.Cli.csproj");

        // The test project's build has built the CLI (Release); pack what was built.
        var (pc, po, pe) = References.Run("dotnet", $"pack \"{project}\" -c Release --no-build -o \"{pkg}\" -nologo", References.RepoRoot, 600);
        Assert.True(pc == 0, $"dotnet pack failed ({pc}):\n{po}\n{pe}");
        var nupkg = Assert.Single(Directory.GetFiles(pkg, "vitrion.*.nupkg"));
        string version = Path.GetFileNameWithoutExtension(nupkg)["vitrion.".Length..];

        var (ic, io, ie) = References.Run("dotnet", $"tool install vitrion --tool-path \"{tools}\" --add-source \"{pkg}\" --version {version} --ignore-failed-sources", work, 600);
        Assert.True(ic == 0, $"dotnet tool install failed ({ic}):\n{io}\n{ie}");
        string exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "vitrion.exe" : "vitrion");
        Assert.True(File.Exists(exe), "no vitrion in the tool path");

        // The force field is installed next to the program, byte for byte the repository's.
        string installed = Assert.Single(Directory.GetFiles(Path.Combine(tools, ".store"), "ariga2022.json", SearchOption.AllDirectories),
            f => f.Replace('\\', '/').EndsWith("/data/forcefields/ariga2022.json", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(References.ForceFieldFile), File.ReadAllBytes(installed));

        var (code, stdout, stderr) = References.Run(exe, $"energy \"{glass}\" --json --threads 1", work, 300);
        Assert.True(code == 0, $"installed vitrion energy failed ({code}):\n{stdout}\n{stderr}");
        var ours = JsonNode.Parse(stdout)!;
        var (rc, rout, rerr) = CliRunner.Run("energy", glass, "--json", "--threads", "1");
        Assert.True(rc == 0, rout + rerr);
        var reference = JsonNode.Parse(rout)!;
        Assert.Equal(8069, ours["atoms"]!.GetValue<int>());
        foreach (var k in new[] { "pe_kcal_per_mol", "evdwl_kcal_per_mol", "ecoul_kcal_per_mol", "elong_kcal_per_mol", "ebond_kcal_per_mol", "eangle_kcal_per_mol", "press_atm" })
        {
            Assert.Equal(reference[k]!.GetValue<double>(), ours[k]!.GetValue<double>());
        }

        // It is that file the tool reads (not a copy built into the program): a broken one is reported by name.
        File.WriteAllText(installed, "{ \"not\": \"a force field\" }");
        var (bc, bo, be) = References.Run(exe, $"energy \"{glass}\" --json --threads 1", work, 300);
        Assert.Equal(2, bc);
        Assert.Contains(installed, bo + be, StringComparison.Ordinal);
    }
}
