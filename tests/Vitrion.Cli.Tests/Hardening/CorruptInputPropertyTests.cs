using System.Text;
using System.Text.RegularExpressions;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Hardening;

/// <summary>
/// Issue #19, acceptance: every reader gets randomly corrupted copies of small valid files — truncated, bytes flipped,
/// a number replaced by NaN/inf/overflow, sections swapped — through the command that reads it. Each run must end with
/// exit 0 (the corruption left a valid file, e.g. a flipped digit) or exit 2 with exactly one line on stderr naming
/// the file, no stack trace, and nothing written to the output folder. A corrupted checkpoint must always be refused.
/// </summary>
public sealed class CorruptInputPropertyTests(ITestOutputHelper output)
{
    private const int CasesPerKind = 30;

    private enum Kind { Truncate, FlipBytes, NonFinite, SwapSections }

    private sealed record Target(string Name, string Valid, bool Binary, Func<string, string, string[]> Command, bool AlwaysInvalid = false);

    private static readonly string[] NonFinite = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e400", "1e300", "-1e300"];

    private static readonly Regex Number = new(@"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryReaderRefusesCorruptedFilesWithOneLine()
    {
        var targets = MakeTargets();
        var rng = new Random(19);
        int tried = 0, refused = 0, accepted = 0;
        var perTarget = new List<string>();
        var acceptedKinds = new Dictionary<Kind, int>();
        foreach (var t in targets)
        {
            byte[] valid = File.ReadAllBytes(t.Valid);
            int tRefused = 0, tAccepted = 0;
            foreach (Kind kind in Enum.GetValues<Kind>())
            {
                for (int c = 0; c < CasesPerKind; c++)
                {
                    byte[] bad = Corrupt(valid, kind, t.Binary, rng);
                    if (bad.AsSpan().SequenceEqual(valid)) { continue; }
                    string inDir = References.TempDir("corrupt-in"), outDir = References.TempDir("corrupt-out");
                    string input = Path.Combine(inDir, "c" + Path.GetExtension(t.Valid));
                    File.WriteAllBytes(input, bad);
                    string[] args = t.Command(input, outDir);
                    var (code, _, err) = CliRunner.Run(args);
                    tried++;
                    string what = $"{t.Name} {kind} #{c} (vitrion {string.Join(' ', args)})";
                    Assert.True(code is 0 or 2, $"{what}: exit {code}; stderr: {err}");
                    if (code == 2)
                    {
                        refused++;
                        tRefused++;
                        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("vitrion: note:", StringComparison.Ordinal)).ToArray();
                        Assert.True(lines.Length == 1, $"{what}: {lines.Length} lines on stderr: {err}");
                        Assert.StartsWith("vitrion: error: ", lines[0], StringComparison.Ordinal);
                        Assert.True(lines[0].Contains(input, StringComparison.Ordinal), $"{what}: the message does not name the file: {lines[0]}");
                        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
                        Assert.True(Directory.GetFileSystemEntries(outDir).Length == 0, $"{what}: wrote {string.Join(", ", Directory.GetFileSystemEntries(outDir))}");
                    }
                    else
                    {
                        Assert.False(t.AlwaysInvalid, $"{what}: a corrupted {t.Name} was accepted");
                        accepted++;
                        tAccepted++;
                        acceptedKinds[kind] = acceptedKinds.GetValueOrDefault(kind) + 1;
                    }

                    Assert.Equal(bad, File.ReadAllBytes(input)); // the input itself is never touched
                }
            }

            perTarget.Add($"{t.Name}: {tRefused} refused, {tAccepted} still valid ({string.Join(", ", acceptedKinds.Select(kv => $"{kv.Key} {kv.Value}"))})");
            acceptedKinds.Clear();
        }

        output.WriteLine($"corrupted files tried: {tried} ({refused} refused with exit 2, {accepted} still valid and read with exit 0)");
        foreach (var line in perTarget) { output.WriteLine("  " + line); }
        Assert.True(tried >= 5 * 4 * CasesPerKind * 9 / 10, $"only {tried} corrupted files were tried");
        Assert.True(refused > tried / 2, $"only {refused} of {tried} corrupted files were refused");
    }

    private static List<Target> MakeTargets()
    {
        string dir = References.TempDir("corrupt-valid");
        // A short dump (two frames) and the same frames as extended XYZ.
        var dumpLines = File.ReadAllLines(SmallGlass.Dump);
        int second = -1, third = -1, seen = 0;
        for (int i = 0; i < dumpLines.Length; i++)
        {
            if (dumpLines[i] != "ITEM: TIMESTEP") { continue; }
            seen++;
            if (seen == 2) { second = i; }
            if (seen == 3) { third = i; break; }
        }

        string dump = Path.Combine(dir, "two.dump");
        File.WriteAllLines(dump, dumpLines.Take(third > 0 ? third : dumpLines.Length));
        Assert.True(second > 0);
        string xyz = Path.Combine(dir, "two.xyz");
        var (code, _, err) = CliRunner.Run("convert", dump, xyz);
        Assert.True(code == 0, err);
        string ck = Path.Combine(dir, "r.ckpt");
        (code, _, err) = CliRunner.Run("md", SmallGlass.Data, "--steps", "10", "--threads", "1", "--checkpoint", ck, "--checkpoint-every", "10");
        Assert.True(code == 0, err);
        var (model, traj) = Softness.TrainedModel();
        return
        [
            new("LAMMPS data", SmallGlass.Data, false, (f, o) => ["convert", f, Path.Combine(o, "out.xyz")]),
            new("LAMMPS dump", dump, false, (f, o) => ["convert", f, Path.Combine(o, "out.xyz")]),
            new("extended XYZ", xyz, false, (f, o) => ["convert", f, Path.Combine(o, "out.dump")]),
            new("checkpoint", ck, true, (f, o) => ["md", SmallGlass.Data, "--steps", "10", "--threads", "1", "--resume", f, "--out", Path.Combine(o, "out.data")], AlwaysInvalid: true),
            new("softness model", model, false, (f, o) => ["softness", "apply", f, traj, "-o", Path.Combine(o, "soft.csv")]),
        ];
    }

    private static byte[] Corrupt(byte[] valid, Kind kind, bool binary, Random rng)
    {
        switch (kind)
        {
            case Kind.Truncate:
                return valid[..rng.Next(0, valid.Length)];
            case Kind.FlipBytes:
            {
                var b = (byte[])valid.Clone();
                int flips = rng.Next(1, 5);
                for (int k = 0; k < flips; k++) { b[rng.Next(b.Length)] ^= (byte)rng.Next(1, 256); }
                return b;
            }

            case Kind.NonFinite when binary:
            {
                var b = (byte[])valid.Clone();
                double v = rng.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => 1e300 };
                BitConverter.GetBytes(v).CopyTo(b, rng.Next(0, b.Length - 8));
                return b;
            }

            case Kind.NonFinite:
            {
                string text = Encoding.UTF8.GetString(valid);
                var matches = Number.Matches(text);
                var m = matches[rng.Next(matches.Count)];
                return Encoding.UTF8.GetBytes(text[..m.Index] + NonFinite[rng.Next(NonFinite.Length)] + text[(m.Index + m.Length)..]);
            }

            case Kind.SwapSections when binary:
            {
                var b = (byte[])valid.Clone();
                int len = 64, i = rng.Next(0, b.Length - 2 * len), j = rng.Next(i + len, b.Length - len);
                var tmp = b.AsSpan(i, len).ToArray();
                b.AsSpan(j, len).CopyTo(b.AsSpan(i, len));
                tmp.CopyTo(b.AsSpan(j, len));
                return b;
            }

            default:
            {
                // Two blocks of lines change places (e.g. part of Atoms with part of Bonds, or one frame's header with atoms).
                var lines = Encoding.UTF8.GetString(valid).Split('\n').ToList();
                int n = lines.Count;
                int len = rng.Next(1, Math.Max(2, n / 8));
                int i = rng.Next(0, Math.Max(1, n - 2 * len));
                int j = rng.Next(i + len, Math.Max(i + len + 1, n - len));
                var a = lines.GetRange(i, len);
                var bb = lines.GetRange(j, Math.Min(len, n - j));
                lines.RemoveRange(j, bb.Count);
                lines.InsertRange(j, a);
                lines.RemoveRange(i, len);
                lines.InsertRange(i, bb);
                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            }
        }
    }
}
