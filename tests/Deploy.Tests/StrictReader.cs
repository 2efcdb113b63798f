using System.Reflection;
using k8s;
using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>
/// Reads rendered objects the strict way: Kubernetes' own kinds into the KubernetesClient's typed models with
/// unknown fields refused; the operators' kinds against their vendored CRD schemas (their metadata typed too).
/// A kind that is neither is refused: every object the overlay renders must be checked.
/// </summary>
public static class StrictReader
{
    static readonly IReadOnlyDictionary<string, Type> CoreKinds = typeof(V1Deployment).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(t => t.Entity is not null && t.Entity.Kind is { Length: > 0 } && !t.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(t => Key(string.IsNullOrEmpty(t.Entity!.Group) ? t.Entity.ApiVersion : $"{t.Entity.Group}/{t.Entity.ApiVersion}", t.Entity.Kind))
        .ToDictionary(g => g.Key, g => g.First().Type);

    /// <summary>The typed object of a Kubernetes kind, or null for an operator's kind that passed its schema.</summary>
    public static object? Read(RenderedObject o, CrdSchemas crds)
    {
        if (CoreKinds.ContainsKey(Key(o.ApiVersion, o.Kind)))
            return Typed(o.Yaml, o.ToString());
        if (!crds.Knows(o.ApiVersion, o.Kind))
            throw new InvalidDataException($"{o}: {o.ApiVersion} {o.Kind} is neither a Kubernetes kind nor one of the vendored CRDs'.");
        var errors = crds.Validate(o);
        if (errors.Count > 0) throw new InvalidDataException(string.Join(Environment.NewLine, errors));
        if (o.Node.Children.TryGetValue("metadata", out var metadata))
        {
            var text = new YamlDotNet.Serialization.SerializerBuilder().Build()
                .Serialize(new YamlDotNet.RepresentationModel.YamlDocument(metadata).RootNode);
            StrictMetadata(text, o.ToString());
        }
        return null;
    }

    static object Typed(string yaml, string what)
    {
        try
        {
            return KubernetesYaml.LoadAllFromString(yaml, strict: true).Single();
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw new InvalidDataException($"{what}: {Innermost(e).Message}", e);
        }
    }

    static void StrictMetadata(string yaml, string what)
    {
        try
        {
            KubernetesYaml.Deserialize<V1ObjectMeta>(yaml, strict: true);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{what}: metadata: {Innermost(e).Message}", e);
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    static string Key(string apiVersion, string kind) => $"{apiVersion}/{kind}";
}
