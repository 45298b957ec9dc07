using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using Vitrion.Core;

namespace Vitrion.Cli;

/// <summary>What an output option names.</summary>
public enum OutputKind
{
    /// <summary>A file (an existing folder there is an error).</summary>
    File,

    /// <summary>A folder (an existing file there is an error).</summary>
    Folder,

    /// <summary>A file or a folder, chosen by the command (e.g. from the extension).</summary>
    FileOrFolder,
}

/// <summary>
/// The one check of output paths every command gets before it runs (<see cref="CliApp.Run"/> calls
/// <see cref="Check"/> after parsing): an output must not be an input of the same command line (writing a dump, a
/// log or a CSV onto the structure or trajectory being read destroys it), two outputs must not be the same file,
/// a file output must not be an existing folder (nor a folder output an existing file), and no folder above an
/// output may be a file. Commands mark their output options with <see cref="Output{T}"/>; every argument and
/// every other option whose value names an existing file counts as an input.
/// </summary>
public static class OutputPaths
{
    private static readonly ConditionalWeakTable<Symbol, Mark> Marks = new();

    private sealed record Mark(OutputKind Kind, string[] MayReplace);

    /// <summary>Marks <paramref name="option"/> (an option or an argument) as an output path of kind <paramref name="kind"/>.</summary>
    /// <param name="option">the option or argument.</param>
    /// <param name="kind">file, folder, or either.</param>
    /// <param name="mayReplace">
    /// names of input options whose file this output may replace (e.g. <c>--checkpoint</c> may be the <c>--resume</c>
    /// file: it is read first and rewritten atomically).
    /// </param>
    public static T Output<T>(this T option, OutputKind kind = OutputKind.File, params string[] mayReplace)
        where T : Symbol
    {
        Marks.AddOrUpdate(option, new Mark(kind, mayReplace));
        return option;
    }

    /// <summary>Refuses, with one <see cref="InputException"/>, output paths that would destroy an input or cannot be written.</summary>
    public static void Check(ParseResult parse)
    {
        var inputs = new List<(string Name, string Path)>();
        var outputs = new List<(string Name, string Path, Mark Mark)>();
        foreach (var child in parse.CommandResult.Children)
        {
            switch (child)
            {
                case OptionResult opt when opt.Tokens.Count > 0:
                    string name = opt.Option.Name;
                    if (Marks.TryGetValue(opt.Option, out var mark))
                    {
                        foreach (var t in opt.Tokens) { outputs.Add((name, t.Value, mark)); }
                    }
                    else
                    {
                        foreach (var t in opt.Tokens) { AddInput(inputs, name, t.Value); }
                    }

                    break;
                case ArgumentResult ar when Marks.TryGetValue(ar.Argument, out var argMark):
                    foreach (var t in ar.Tokens) { outputs.Add((ar.Argument.Name, t.Value, argMark)); }
                    break;
                case ArgumentResult ar:
                    foreach (var t in ar.Tokens) { AddInput(inputs, ar.Argument.Name, t.Value); }
                    break;
            }
        }

        for (int k = 0; k < outputs.Count; k++)
        {
            var (name, path, mark) = outputs[k];
            if (path.Length == 0) { throw new InputException($"{name} needs a path, got an empty string"); }
            string full = Full(path);
            if (mark.Kind == OutputKind.File && Directory.Exists(full))
            {
                throw new InputException(path, 0, $"{name} names an existing folder; give a file name");
            }

            if (mark.Kind == OutputKind.Folder && File.Exists(full))
            {
                throw new InputException(path, 0, $"{name} names an existing file; give a folder");
            }

            for (string? up = Path.GetDirectoryName(full); !string.IsNullOrEmpty(up); up = Path.GetDirectoryName(up))
            {
                if (File.Exists(up)) { throw new InputException(path, 0, $"cannot write {name} here: {up} is a file, not a folder"); }
                if (Directory.Exists(up)) { break; }
            }

            foreach (var (inName, inPath) in inputs)
            {
                if (mark.MayReplace.Contains(inName, StringComparer.Ordinal)) { continue; }
                if (SameFile(full, inPath))
                {
                    throw new InputException(path, 0, $"{name} is the input {(inName.StartsWith('-') ? inName + " " : string.Empty)}file {inPath}; writing there would destroy it, choose another output path");
                }
            }

            for (int j = 0; j < k; j++)
            {
                if (Full(outputs[j].Path) == full)
                {
                    throw new InputException(path, 0, $"{outputs[j].Name} and {name} name the same file; give them different paths");
                }
            }
        }
    }

    private static void AddInput(List<(string, string)> inputs, string name, string value)
    {
        if (value.Length == 0 || value.IndexOfAny(Path.GetInvalidPathChars()) >= 0) { return; }
        try
        {
            string full = Full(value);
            if (File.Exists(full)) { inputs.Add((name, full)); }
        }
        catch (ArgumentException)
        {
            // not a path
        }
        catch (NotSupportedException)
        {
            // not a path
        }
    }

    private static string Full(string path) => Path.GetFullPath(path);

    /// <summary>True when both paths name the same existing file (also through a symbolic link).</summary>
    private static bool SameFile(string a, string b)
    {
        if (!File.Exists(a)) { return false; }
        return Resolve(a) == Resolve(b);
    }

    private static string Resolve(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? Path.GetFullPath(path) : Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
