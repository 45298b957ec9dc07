using Vitrion.Core;

namespace Vitrion.Cli;

/// <summary>Turns exceptions into a one-line message on stderr and a non-zero exit code.</summary>
public static class ErrorHandling
{
    /// <summary>Prints the error and returns the exit code (2 for bad input, 1 otherwise).</summary>
    public static int Report(Exception ex)
    {
        switch (ex)
        {
            case InputException ie:
                Console.Error.WriteLine($"vitrion: error: {ie.Message}");
                return 2;
            case FileNotFoundException fnf:
                Console.Error.WriteLine($"vitrion: error: file not found: {fnf.FileName ?? fnf.Message}");
                return 2;
            case DirectoryNotFoundException dnf:
                Console.Error.WriteLine($"vitrion: error: {dnf.Message}");
                return 2;
            case UnauthorizedAccessException ua:
                Console.Error.WriteLine($"vitrion: error: permission denied: {ua.Message}");
                return 2;
            case OperationCanceledException:
                Console.Error.WriteLine("vitrion: interrupted");
                return 130;
            default:
                Console.Error.WriteLine($"vitrion: error: {ex.GetType().Name}: {ex.Message}");
                if (Environment.GetEnvironmentVariable("VITRION_DEBUG") == "1") { Console.Error.WriteLine(ex); }
                return 1;
        }
    }

    /// <summary>Runs an action, mapping exceptions to exit codes.</summary>
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex)
        {
            return Report(ex);
        }
    }
}
