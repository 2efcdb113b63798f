using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DxTrack.Deploy.Tests;

/// <summary>
/// The operators' CRDs vendored in deploy/kubernetes/crds, and a check of an object against its kind's
/// OpenAPI v3 schema as the API server's strict field validation does it: unknown fields refused (unless the
/// schema preserves them), types, required fields, enums, patterns, lengths and bounds. CEL rules
/// (x-kubernetes-validations) are the operators' admission's to check, not this.
/// </summary>
public sealed class CrdSchemas
{
    readonly Dictionary<(string ApiVersion, string Kind), YamlMappingNode> schemas = [];

    public static CrdSchemas Vendored { get; } = Load(Repository.Path("deploy", "kubernetes", "crds"));

    public static CrdSchemas Load(string directory)
    {
        var crds = new CrdSchemas();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file)) stream.Load(reader);
            foreach (var document in stream.Documents)
            {
                var crd = (YamlMappingNode)document.RootNode;
                var spec = Map(crd, "spec");
                var group = Text(spec, "group");
                var kind = Text(Map(spec, "names"), "kind");
                foreach (var version in ((YamlSequenceNode)spec["versions"]).Cast<YamlMappingNode>())
                    if (Text(version, "served") == "true")
                        crds.schemas[($"{group}/{Text(version, "name")}", kind)] =
                            Map(Map(version, "schema"), "openAPIV3Schema");
            }
        }
        return crds;
    }

    public bool Knows(string apiVersion, string kind) => schemas.ContainsKey((apiVersion, kind));

    /// <summary>What is wrong with an object, one line per fault naming its field; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(RenderedObject o)
    {
        if (!schemas.TryGetValue((o.ApiVersion, o.Kind), out var schema))
            return [$"{o}: no vendored CRD serves {o.Kind} in {o.ApiVersion}"];
        var errors = new List<string>();
        Check(o.Node, schema, "", errors, topLevel: true);
        return errors.Select(e => $"{o}: {e}").ToList();
    }

    static void Check(YamlNode value, YamlMappingNode schema, string path, List<string> errors, bool topLevel = false)
    {
        if (Text(schema, "x-kubernetes-preserve-unknown-fields") == "true" && !schema.Children.ContainsKey("properties")) return;
        if (value is YamlScalarNode s && IsNull(s))
        {
            if (Text(schema, "nullable") != "true") errors.Add($"{Show(path)}: null is not allowed");
            return;
        }
        if (Text(schema, "x-kubernetes-int-or-string") == "true")
        {
            if (value is not YamlScalarNode scalar || !(IsInteger(scalar) || IsString(scalar)))
                errors.Add($"{Show(path)}: expected an integer or a string");
            return;
        }
        foreach (var combinator in new[] { "anyOf", "oneOf" })
            if (schema.Children.TryGetValue(combinator, out var branches))
            {
                var fits = ((YamlSequenceNode)branches).Cast<YamlMappingNode>().Count(branch =>
                {
                    var branchErrors = new List<string>();
                    Check(value, branch, path, branchErrors);
                    return branchErrors.Count == 0;
                });
                if (fits == 0 || (combinator == "oneOf" && fits > 1))
                    errors.Add($"{Show(path)}: matches {fits} of the {combinator} alternatives");
            }
        if (schema.Children.TryGetValue("allOf", out var all))
            foreach (var branch in ((YamlSequenceNode)all).Cast<YamlMappingNode>()) Check(value, branch, path, errors);

        var type = Text(schema, "type");
        switch (type)
        {
            case "object":
                if (value is not YamlMappingNode map) { errors.Add($"{Show(path)}: expected an object"); return; }
                CheckObject(map, schema, path, errors, topLevel);
                break;
            case "array":
                if (value is not YamlSequenceNode list) { errors.Add($"{Show(path)}: expected a list"); return; }
                if (Number(schema, "maxItems") is { } maxItems && list.Children.Count > maxItems) errors.Add($"{Show(path)}: more than {maxItems} items");
                if (Number(schema, "minItems") is { } minItems && list.Children.Count < minItems) errors.Add($"{Show(path)}: fewer than {minItems} items");
                if (schema.Children.TryGetValue("items", out var items))
                    for (var i = 0; i < list.Children.Count; i++) Check(list.Children[i], (YamlMappingNode)items, $"{path}[{i}]", errors);
                break;
            case "string":
                if (value is not YamlScalarNode text || !IsString(text)) { errors.Add($"{Show(path)}: expected a string"); return; }
                CheckString(text.Value ?? "", schema, path, errors);
                break;
            case "integer":
                if (value is not YamlScalarNode integer || !IsInteger(integer)) { errors.Add($"{Show(path)}: expected an integer"); return; }
                CheckBounds(double.Parse(integer.Value!, CultureInfo.InvariantCulture), schema, path, errors);
                CheckEnum(integer.Value!, schema, path, errors);
                break;
            case "number":
                if (value is not YamlScalarNode number || !(IsInteger(number) || IsFloat(number))) { errors.Add($"{Show(path)}: expected a number"); return; }
                CheckBounds(double.Parse(number.Value!, CultureInfo.InvariantCulture), schema, path, errors);
                break;
            case "boolean":
                if (value is not YamlScalarNode flag || !IsBoolean(flag)) errors.Add($"{Show(path)}: expected true or false");
                break;
        }
    }

    static void CheckObject(YamlMappingNode map, YamlMappingNode schema, string path, List<string> errors, bool topLevel)
    {
        var properties = schema.Children.TryGetValue("properties", out var p) ? (YamlMappingNode)p : null;
        schema.Children.TryGetValue("additionalProperties", out var additional);
        var preserve = Text(schema, "x-kubernetes-preserve-unknown-fields") == "true";
        var embedded = Text(schema, "x-kubernetes-embedded-resource") == "true";
        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            // Metadata is the API server's own type, read strictly by the typed reader; the schema says "object".
            if ((topLevel || embedded) && key is "apiVersion" or "kind" or "metadata")
                continue;
            if (properties is not null && properties.Children.TryGetValue(key, out var childSchema))
                Check(child, (YamlMappingNode)childSchema, childPath, errors);
            else if (additional is YamlMappingNode additionalSchema)
                Check(child, additionalSchema, childPath, errors);
            else if (additional is YamlScalarNode { Value: "true" } || preserve)
                continue;
            else
                errors.Add($"{Show(childPath)}: unknown field \"{key}\"");
        }
        if (schema.Children.TryGetValue("required", out var required))
            foreach (var name in ((YamlSequenceNode)required).Cast<YamlScalarNode>().Select(n => n.Value!))
                if (!map.Children.ContainsKey(new YamlScalarNode(name)))
                    errors.Add($"{Show(path.Length == 0 ? name : $"{path}.{name}")}: required field missing");
    }

    static void CheckString(string value, YamlMappingNode schema, string path, List<string> errors)
    {
        CheckEnum(value, schema, path, errors);
        if (Text(schema, "pattern") is { Length: > 0 } pattern && !Regex.IsMatch(value, pattern))
            errors.Add($"{Show(path)}: \"{value}\" does not match {pattern}");
        if (Number(schema, "maxLength") is { } max && value.Length > max) errors.Add($"{Show(path)}: longer than {max}");
        if (Number(schema, "minLength") is { } min && value.Length < min) errors.Add($"{Show(path)}: shorter than {min}");
    }

    static void CheckEnum(string value, YamlMappingNode schema, string path, List<string> errors)
    {
        if (schema.Children.TryGetValue("enum", out var values)
            && !((YamlSequenceNode)values).Cast<YamlScalarNode>().Any(v => v.Value == value))
            errors.Add($"{Show(path)}: \"{value}\" is not one of {string.Join(", ", ((YamlSequenceNode)values).Cast<YamlScalarNode>().Select(v => v.Value))}");
    }

    static void CheckBounds(double value, YamlMappingNode schema, string path, List<string> errors)
    {
        if (Number(schema, "minimum") is { } min && value < min) errors.Add($"{Show(path)}: {value} is below {min}");
        if (Number(schema, "maximum") is { } max && value > max) errors.Add($"{Show(path)}: {value} is above {max}");
    }

    // Plain scalars are typed as sigs.k8s.io/yaml (YAML 1.1) types them; quoted ones are strings.
    static bool IsPlain(YamlScalarNode s) => s.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any;
    static bool IsNull(YamlScalarNode s) => IsPlain(s) && s.Value is null or "" or "~" or "null" or "Null" or "NULL";
    static bool IsBoolean(YamlScalarNode s) => IsPlain(s) && s.Value?.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n";
    static bool IsInteger(YamlScalarNode s) => IsPlain(s) && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    static bool IsFloat(YamlScalarNode s) => IsPlain(s) && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    static bool IsString(YamlScalarNode s) => !IsPlain(s) || !(IsNull(s) || IsBoolean(s) || IsFloat(s));

    static string Show(string path) => path.Length == 0 ? "(object)" : path;

    static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    static double? Number(YamlMappingNode node, string key) =>
        double.TryParse(Text(node, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
