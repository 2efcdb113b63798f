using YamlDotNet.RepresentationModel;

namespace DxTrack.Deploy.Tests;

/// <summary>One object of a rendered manifest: its identity, its YAML text and its parsed tree.</summary>
public sealed record RenderedObject(string ApiVersion, string Kind, string Name, string Yaml, YamlMappingNode Node)
{
    public override string ToString() => $"{Kind} {Name}";

    /// <summary>Splits a multi-document YAML stream, as kubectl prints it, into its objects.</summary>
    public static IReadOnlyList<RenderedObject> Split(string yaml)
    {
        var objects = new List<RenderedObject>();
        foreach (var text in System.Text.RegularExpressions.Regex.Split(yaml, @"^---\s*$\n?", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var node = (YamlMappingNode)stream.Documents.Single().RootNode;
            objects.Add(new RenderedObject(Scalar(node, "apiVersion"), Scalar(node, "kind"),
                node.Children.TryGetValue("metadata", out var metadata) ? Scalar((YamlMappingNode)metadata, "name") : "",
                text, node));
        }
        return objects;
    }

    static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
