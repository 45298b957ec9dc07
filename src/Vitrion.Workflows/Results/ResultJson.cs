using System.Text.Json;
using System.Text.Json.Serialization;
using Vitrion.Core;
using Vitrion.IO;

namespace Vitrion.Workflows.Results;

/// <summary>
/// The one JSON convention of result files: snake_case keys derived from the record's property names (which carry
/// the unit, e.g. <c>EaEv</c> → <c>ea_ev</c>, <c>DCm2PerS</c> → <c>d_cm2_per_s</c>), NaN/∞ written as the strings
/// "NaN"/"Infinity", indented. Reading is strict: a key the record does not declare, or a missing constructor
/// parameter, is an <see cref="InputException"/> naming the file, so a renamed field cannot silently become
/// "not measured".
/// </summary>
public static class ResultJson
{
    /// <summary>Serializer options of every result file.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    /// <typeparam name="T">result record type.</typeparam>
    /// <param name="path">file path.</param>
    /// <param name="value">the record.</param>
    public static void Write<T>(string path, T value)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) { Directory.CreateDirectory(dir); }
        AtomicFile.WriteAllText(path, Serialize(value) + "\n");
    }

    /// <summary>The text <see cref="Write{T}"/> writes, without the final newline (what a command prints for <c>--json</c>).</summary>
    /// <typeparam name="T">result record type.</typeparam>
    /// <param name="value">the record.</param>
    /// <returns>indented JSON.</returns>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a record written by <see cref="Write{T}"/>.</summary>
    /// <typeparam name="T">result record type.</typeparam>
    /// <param name="path">file path.</param>
    /// <returns>the record.</returns>
    /// <exception cref="InputException">when the file is missing, not JSON, or does not match the record.</exception>
    public static T Read<T>(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "missing"); }
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new InputException(path, 0, "empty JSON");
        }
        catch (JsonException e)
        {
            throw new InputException(path, 0, $"does not match {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Reads a record, or null when the file does not exist.</summary>
    /// <typeparam name="T">result record type.</typeparam>
    /// <param name="path">file path.</param>
    /// <returns>the record or null.</returns>
    public static T? TryRead<T>(string path) where T : class => File.Exists(path) ? Read<T>(path) : null;
}
