using System.Xml.Linq;

namespace DxTrack.Deploy.Tests;

/// <summary>The images the Deployments run are the ones the project files tell the .NET SDK to build.</summary>
public sealed class ImageTests
{
    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Each_service_runs_the_image_its_project_publishes_as_the_user_and_port_it_declares(string service)
    {
        var folder = char.ToUpperInvariant(service[0]) + service[1..];
        var project = XDocument.Load(Repository.Path("services", folder, $"DxTrack.{folder}.csproj"));
        string Property(string name) => project.Descendants(name).Single().Value;
        var pod = Overlay.Production.Deployment(service).Spec.Template.Spec;
        var container = pod.Containers.Single();

        // The overlay puts the registry in front and the tag after the repository the project names.
        Assert.Matches($@"^([a-z0-9.-]+(:\d+)?/)?{Property("ContainerRepository")}:[A-Za-z0-9._-]+$", container.Image);
        Assert.Equal(long.Parse(Property("ContainerUser")), pod.SecurityContext.RunAsUser);
        // ICU and time zone data: the services format and compute due days in Asia/Ho_Chi_Minh.
        Assert.EndsWith("-extra", Property("ContainerFamily"));
        var port = Assert.Single(project.Descendants("ContainerPort"));
        Assert.Equal(port.Attribute("Include")!.Value, container.Ports.Single(p => p.Name == "http").ContainerPort.ToString());
    }
}
