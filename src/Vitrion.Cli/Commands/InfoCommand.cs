using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion info FILE</c>: what a structure or trajectory file holds.</summary>
public sealed class InfoCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var input = new Argument<string>("file") { Description = "LAMMPS data (.data/.lmp), LAMMPS dump (.dump/.lammpstrj) or extended XYZ (.xyz/.extxyz) file." };
        var json = OutputCliOptions.JsonSummary("Print JSON (keys: file, format, atoms, types {name: count}, bonds, angles, dihedrals, box {xlo, ylo, zlo, lx, ly, lz, xy, xz, yz [Å], periodic}, volume [Å³], density [g/cm³], charge [e], frames, first_step, last_step) instead of a table.");
        var (format, typeNames, topology) = IoCli.InputOptions();
        var cmd = new Command("info",
            "Summarise a structure or trajectory: atoms, atoms per type, bonds/angles/dihedrals, box (with tilts), volume [Å³], " +
            "density [g/cm³] and total charge [e]. For a trajectory every frame is read (validating the file, memory independent of " +
            "its length); the composition and box are those of the first frame. Density needs masses (a data file, --topology, or " +
            "type names of the Ariga 2022 force field or chemical elements); charge needs a topology or a 'q' column.")
        {
            input, json, format, typeNames, topology,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(input)!;
            var options = IoCli.ReadOptions(path, pr.GetValue(format), pr.GetValue(typeNames), pr.GetValue(topology));
            var info = FileInfoSummary.Of(path, options);
            Console.Out.Write(pr.GetValue(json) ? info.ToJson() + "\n" : info.ToText());
            return 0;
        }));
        DeviceOption.AddDevices(cmd, input);
        return cmd;
    }
}
