using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>The production overlay, rendered once and read strictly, with the lookups the checks need.</summary>
public sealed class Overlay
{
    public static string Directory { get; } = Repository.Path("deploy", "kubernetes", "overlays", "production");

    static readonly Lazy<Overlay> production = new(() => new Overlay(Kustomize.Render(Directory)));

    public static Overlay Production => production.Value;

    public Overlay(string rendered)
    {
        Objects = RenderedObject.Split(rendered);
        Typed = Objects.Select(o => StrictReader.Read(o, CrdSchemas.Vendored)).OfType<object>().ToList();
    }

    public IReadOnlyList<RenderedObject> Objects { get; }

    /// <summary>The Kubernetes kinds, as the client library's models.</summary>
    public IReadOnlyList<object> Typed { get; }

    public IEnumerable<T> All<T>() => Typed.OfType<T>();

    public V1Deployment Deployment(string name) => Single<V1Deployment>(name, d => d.Metadata.Name);

    public V1Service Service(string name) => Single<V1Service>(name, s => s.Metadata.Name);

    /// <summary>An operator's object, as its parsed YAML.</summary>
    public RenderedObject Custom(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"The overlay has no {kind} {name}.");

    /// <summary>The NetworkPolicies whose pod selector picks pods with these labels.</summary>
    public IReadOnlyList<V1NetworkPolicy> PoliciesFor(IDictionary<string, string> podLabels) =>
        All<V1NetworkPolicy>().Where(p => Selects(p.Spec.PodSelector, podLabels)).ToList();

    /// <summary>Whether a label selector picks these labels (match labels only; expressions are not used here).</summary>
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector?.MatchExpressions is { Count: > 0 })
            throw new NotSupportedException("The checks read matchLabels selectors only.");
        return (selector?.MatchLabels ?? new Dictionary<string, string>())
            .All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
    }

    T Single<T>(string name, Func<T, string> nameOf) =>
        All<T>().SingleOrDefault(o => nameOf(o) == name)
        ?? throw new Xunit.Sdk.XunitException($"The overlay has no {typeof(T).Name} {name}.");
}
