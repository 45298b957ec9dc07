using System.CommandLine;
using System.Globalization;
using Vitrion.Device;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;

namespace Vitrion.Cli;

/// <summary>
/// The <c>--device cpu|gpu|auto|cpu-accelerator</c> option of <c>md</c> and <c>energy</c>, and <c>vitrion info --devices</c>
/// (kept in one file so that a command file needs one or two lines for it).
/// </summary>
internal static class DeviceOption
{
    private const string Name = "--device";

    /// <summary>Adds <c>--device</c> to <paramref name="cmd"/>.</summary>
    public static void Add(Command cmd) => cmd.Options.Add(new Option<string>(Name)
    {
        Description = "Where the force field runs: cpu (the CPU engine, default), gpu (the device engine on a CUDA GPU: neighbour list, pair, three-body, bonded " +
            "terms and PPPM on the GPU; Ewald on the host), auto (gpu when a CUDA device is present, else cpu) or cpu-accelerator " +
            "(the device engine on ILGPU's CPU accelerator: slow, for checks without a GPU). Triclinic boxes run on the CPU engine.",
        DefaultValueFactory = _ => "cpu",
    });

    /// <summary>The device kind given on the command line.</summary>
    public static DeviceKind Kind(ParseResult pr) => DevicePotentials.Parse(pr.GetValue<string>(Name));

    /// <summary>The potential for the command line's <c>--device</c>: <paramref name="cpu"/> itself for cpu, else a device potential for the same system.</summary>
    public static IPotential Choose(ParseResult pr, ArigaForceField cpu)
    {
        var kind = Kind(pr);
        if (DevicePotentials.Resolve(kind) == DeviceKind.Cpu) { return cpu; }
        return DevicePotentials.Create(kind, cpu.Parameters.Spec, cpu.Topology, cpu.InitialBox, cpu.Options, Console.Error.WriteLine);
    }

    /// <summary>Potentials for a protocol run on <paramref name="kind"/> (null for the CPU engine: the runner's default).</summary>
    public static Func<Vitrion.Core.SystemState, IPotential>? Potentials(ForceFieldSettings settings, DeviceKind kind)
    {
        if (DevicePotentials.Resolve(kind) == DeviceKind.Cpu) { return null; }
        var spec = settings.ForceFieldFile is null ? ForceFieldSpec.LoadDefault() : ForceFieldSpec.Load(settings.ForceFieldFile);
        var options = new ForceFieldOptions
        {
            Kspace = settings.Kspace, Accuracy = settings.Accuracy, Cutoff = settings.Cutoff, Skin = settings.Skin,
            Threads = Math.Min(settings.Threads, Environment.ProcessorCount),
        };
        return s => DevicePotentials.Create(kind, spec, s.Topology, s.Box, options, Console.Error.WriteLine);
    }

    /// <summary>Adds <c>--devices</c> to <c>vitrion info</c> (its file argument becomes optional): lists what ILGPU finds and exits.</summary>
    public static void AddDevices(Command cmd, Argument<string> file)
    {
        var devices = new Option<bool>("--devices") { Description = "List the accelerators ILGPU finds (its CPU accelerator; CUDA devices with compute capability and memory) and exit." };
        cmd.Options.Add(devices);
        file.Arity = ArgumentArity.ZeroOrOne;
        var inner = (System.CommandLine.Invocation.SynchronousCommandLineAction)cmd.Action!;
        cmd.SetAction(pr =>
        {
            if (!pr.GetValue(devices))
            {
                if (pr.GetValue(file) is null) { Console.Error.WriteLine("error: info needs a file (or --devices)"); return 2; }
                return inner.Invoke(pr);
            }

            foreach (var d in DeviceAccelerator.List())
            {
                string cc = d.ComputeCapability.Length > 0 ? $", compute capability {d.ComputeCapability}" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Kind} {d.Index}: {d.Name}{cc}, {d.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB"));
            }

            Console.WriteLine($"--device auto would use: {DevicePotentials.Resolve(DeviceKind.Auto).ToString().ToLowerInvariant()}");
            return 0;
        });
    }
}
