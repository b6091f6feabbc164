// Descriptor checks on descriptors built in memory: every way a descriptor can be malformed,
// without needing a shared object for each.
#include "plugins/descriptor_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

ah_status fake_create(const ah_host_api*, ah_instance*, ah_str, ah_call*, void**) { return AH_OK; }
void fake_destroy(void*) {}
ah_status fake_describe(void*, ah_call*) { return AH_OK; }
ah_status fake_invoke(void*, ah_call*, ah_str) { return AH_OK; }
ah_status fake_chat(void*, ah_call*, ah_str) { return AH_OK; }

// A valid one-tool plugin whose parts a test breaks one at a time.
struct FakePlugin {
  ah_tool_api tool_api{sizeof(ah_tool_api), 0, &fake_describe, &fake_invoke};
  ah_backend_api backend_api{sizeof(ah_backend_api), 0, &fake_chat, nullptr, nullptr, nullptr};
  ah_component tool{sizeof(ah_component),
                    AH_KIND_TOOL,
                    "fake_tool",
                    "does nothing",
                    R"({"type":"object","properties":{"size":{"type":"integer","default":3}}})",
                    AH_COMPONENT_THREAD_SAFE,
                    0,
                    &fake_create,
                    &fake_destroy,
                    &tool_api};
  std::vector<const ah_component*> components{&tool};
  ah_plugin_descriptor descriptor{sizeof(ah_plugin_descriptor),
                                  AGENTHOST_ABI_MAJOR,
                                  AGENTHOST_ABI_MINOR,
                                  "fake",
                                  "0.1.0",
                                  "a plugin in memory",
                                  0,
                                  nullptr};

  Inspection read() {
    descriptor.components = components.data();
    descriptor.component_count = components.size();
    return read_descriptor(&descriptor, "/plugins/fake.so");
  }
};

// The refusal reason, or a test failure when the descriptor was accepted.
std::string reason_of(const Inspection& inspection) {
  if (const auto* refusal = std::get_if<Refusal>(&inspection)) {
    EXPECT_EQ(refusal->path, "/plugins/fake.so");
    return refusal->reason;
  }
  ADD_FAILURE() << "the descriptor was accepted";
  return {};
}

TEST(DescriptorReader, AcceptsAWellFormedDescriptorAndCopiesEverything) {
  FakePlugin fake;
  const Inspection inspection = fake.read();
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  const PluginInfo& plugin = std::get<PluginInfo>(inspection);
  EXPECT_EQ(plugin.name, "fake");
  EXPECT_EQ(plugin.version, "0.1.0");
  EXPECT_EQ(plugin.description, "a plugin in memory");
  EXPECT_EQ(plugin.abi(), std::to_string(AGENTHOST_ABI_MAJOR) + "." + std::to_string(AGENTHOST_ABI_MINOR));
  ASSERT_EQ(plugin.components.size(), 1u);
  const ComponentInfo& c = plugin.components[0];
  EXPECT_EQ(c.kind, ComponentKind::tool);
  EXPECT_EQ(c.type_name, "fake_tool");
  EXPECT_EQ(c.description, "does nothing");
  EXPECT_TRUE(c.thread_safe());
  EXPECT_EQ(c.settings_schema["properties"]["size"]["default"], json::Value(3));
  EXPECT_EQ(c.plugin_name, "fake");
  EXPECT_EQ(c.plugin_path, "/plugins/fake.so");
  ASSERT_TRUE(std::holds_alternative<ah_tool_api>(c.api));
  EXPECT_EQ(std::get<ah_tool_api>(c.api).invoke, &fake_invoke);
  EXPECT_EQ(c.raw.create, &fake_create);
}

TEST(DescriptorReader, RefusesANullDescriptor) {
  EXPECT_THAT(reason_of(read_descriptor(nullptr, "/plugins/fake.so")),
              HasSubstr("agenthost_plugin_v1 returned NULL instead of a descriptor"));
}

TEST(DescriptorReader, RefusesADescriptorTooSmallToHoldTheAbiVersion) {
  FakePlugin fake;
  fake.descriptor.struct_size = 4;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("descriptor struct_size is 4 bytes, smaller than the"));
}

TEST(DescriptorReader, RefusesAnotherAbiMajorWithWhatToDo) {
  FakePlugin fake;
  fake.descriptor.abi_major = 2;
  EXPECT_EQ(reason_of(fake.read()), "built for ABI 2.x, this host speaks 1.x — rebuild against SDK 1");
  fake.descriptor.abi_major = 0;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("built for ABI 0.x"));
}

TEST(DescriptorReader, RefusesANewerMinorButAcceptsAnOlderOrEqualOne) {
  FakePlugin fake;
  fake.descriptor.abi_minor = AGENTHOST_ABI_MINOR + 1;
  EXPECT_THAT(reason_of(fake.read()), AllOf(HasSubstr("needs ABI 1." + std::to_string(AGENTHOST_ABI_MINOR + 1)),
                                            HasSubstr("upgrade agenthost")));
  fake.descriptor.abi_minor = AGENTHOST_ABI_MINOR;
  EXPECT_TRUE(std::holds_alternative<PluginInfo>(fake.read()));
}

TEST(DescriptorReader, RefusesADescriptorSmallerThanAbi1_0) {
  FakePlugin fake;
  fake.descriptor.struct_size = 16;
  EXPECT_THAT(reason_of(fake.read()), AllOf(HasSubstr("descriptor struct_size is 16 bytes"),
                                            HasSubstr("rebuild the plugin with the agenthost SDK")));
}

TEST(DescriptorReader, ReadsOnlyTheKnownPartOfALargerDescriptor) {
  // A plugin from a later 1.x whose descriptor grew; this host must ignore the tail.
  struct Grown {
    ah_plugin_descriptor known;
    std::uint64_t future_member;
  };
  FakePlugin fake;
  fake.descriptor.components = fake.components.data();
  fake.descriptor.component_count = 1;
  Grown grown{fake.descriptor, 0xFFFFFFFFFFFFFFFFull};
  grown.known.struct_size = sizeof(Grown);
  const Inspection inspection = read_descriptor(&grown.known, "/plugins/fake.so");
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  EXPECT_EQ(std::get<PluginInfo>(inspection).components.size(), 1u);
}

TEST(DescriptorReader, RefusesADescriptorWithoutAName) {
  FakePlugin fake;
  fake.descriptor.name = nullptr;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("has no plugin name"));
  fake.descriptor.name = "";
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("has no plugin name"));
}

TEST(DescriptorReader, RefusesANullComponentsArrayAndImplausibleCounts) {
  FakePlugin fake;
  fake.descriptor.components = nullptr;
  fake.descriptor.component_count = 2;
  EXPECT_THAT(reason_of(read_descriptor(&fake.descriptor, "/plugins/fake.so")),
              HasSubstr("declares 2 components but its components array is NULL"));
  fake.descriptor.components = fake.components.data();
  fake.descriptor.component_count = 5000;
  EXPECT_THAT(reason_of(read_descriptor(&fake.descriptor, "/plugins/fake.so")), HasSubstr("declares 5000 components"));
}

TEST(DescriptorReader, AcceptsAPluginWithoutComponents) {
  FakePlugin fake;
  fake.components.clear();
  const Inspection inspection = fake.read();
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  EXPECT_TRUE(std::get<PluginInfo>(inspection).components.empty());
}

TEST(DescriptorReader, RefusesANullComponentPointer) {
  FakePlugin fake;
  fake.components.push_back(nullptr);
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("component 2 of 2 is a NULL pointer"));
}

TEST(DescriptorReader, RefusesAComponentSmallerThanAbi1_0) {
  FakePlugin fake;
  fake.tool.struct_size = 8;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("component 1 of 1: struct_size is 8 bytes, smaller than the"));
}

TEST(DescriptorReader, RefusesMissingAndInvalidTypeNames) {
  FakePlugin fake;
  fake.tool.type_name = nullptr;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("component 1 of 1 has no type name"));
  for (const char* bad : {"", "Fake", "web-search", "two words", "naïve"}) {
    fake.tool.type_name = bad;
    EXPECT_THAT(reason_of(fake.read()),
                AllOf(HasSubstr("invalid type name '" + std::string(bad) + "'"), HasSubstr("[a-z0-9_]+")))
        << bad;
  }
  const std::string too_long(65, 'a');
  fake.tool.type_name = too_long.c_str();
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("invalid type name"));
}

TEST(DescriptorReader, TypeNameRule) {
  EXPECT_TRUE(is_valid_type_name("a"));
  EXPECT_TRUE(is_valid_type_name("web_search2"));
  EXPECT_TRUE(is_valid_type_name(std::string(64, 'x')));
  EXPECT_FALSE(is_valid_type_name(std::string(65, 'x')));
  EXPECT_FALSE(is_valid_type_name(""));
  EXPECT_FALSE(is_valid_type_name("Upper"));
  EXPECT_FALSE(is_valid_type_name("dot.name"));
}

TEST(DescriptorReader, RefusesUnknownKinds) {
  FakePlugin fake;
  for (ah_component_kind kind : {0, 5, 9, -1}) {
    fake.tool.kind = kind;
    EXPECT_THAT(reason_of(fake.read()), AllOf(HasSubstr("component 'fake_tool': unknown kind " + std::to_string(kind)),
                                              HasSubstr("1 backend, 2 tool, 3 strategy, 4 cleaning")));
  }
}

TEST(DescriptorReader, RefusesMissingCreateDestroyOrApi) {
  {
    FakePlugin fake;
    fake.tool.create = nullptr;
    EXPECT_THAT(reason_of(fake.read()), HasSubstr("tool component 'fake_tool': missing create"));
  }
  {
    FakePlugin fake;
    fake.tool.destroy = nullptr;
    EXPECT_THAT(reason_of(fake.read()), HasSubstr("missing destroy"));
  }
  {
    FakePlugin fake;
    fake.tool.api = nullptr;
    EXPECT_THAT(reason_of(fake.read()), HasSubstr("missing api"));
  }
}

TEST(DescriptorReader, RefusesAFunctionTableTooSmallForItsKind) {
  FakePlugin fake;
  fake.tool_api.struct_size = 8;
  EXPECT_THAT(reason_of(fake.read()),
              HasSubstr("its tool function table's struct_size is 8 bytes, smaller than the 24"));
  // A tool-sized table declared as a backend: too small for ah_backend_api.
  FakePlugin as_backend;
  as_backend.tool.kind = AH_KIND_BACKEND;
  EXPECT_THAT(reason_of(as_backend.read()), HasSubstr("its backend function table's struct_size is 24 bytes"));
}

TEST(DescriptorReader, RefusesATableWithoutItsRequiredOperations) {
  FakePlugin fake;
  fake.tool_api.invoke = nullptr;
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("its tool function table has no invoke function"));
  FakePlugin backend;
  backend.tool.kind = AH_KIND_BACKEND;
  backend.tool.api = &backend.backend_api;
  backend.backend_api.chat = nullptr;
  EXPECT_THAT(reason_of(backend.read()), HasSubstr("its backend function table has no chat function"));
}

TEST(DescriptorReader, AcceptsABackendWithOnlyChat) {
  FakePlugin fake;
  fake.tool.kind = AH_KIND_BACKEND;
  fake.tool.api = &fake.backend_api;
  const Inspection inspection = fake.read();
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  const ComponentInfo& c = std::get<PluginInfo>(inspection).components[0];
  EXPECT_EQ(c.kind, ComponentKind::backend);
  EXPECT_EQ(std::get<ah_backend_api>(c.api).list_models, nullptr);
}

TEST(DescriptorReader, RefusesDuplicateTypeNamesWithinAPlugin) {
  FakePlugin fake;
  ah_component second = fake.tool;
  fake.components.push_back(&second);
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("components 1 and 2 both declare the type name 'fake_tool'"));
}

TEST(DescriptorReader, RefusesASchemaThatIsNotJson) {
  FakePlugin fake;
  fake.tool.settings_schema = R"({"type": "object", "properties": )";
  EXPECT_THAT(reason_of(fake.read()), HasSubstr("tool component 'fake_tool': settings schema is not valid JSON ("));
}

TEST(DescriptorReader, RefusesASchemaTheCheckerRejectsNamingTheProperty) {
  FakePlugin fake;
  fake.tool.settings_schema = R"({"type":"object","properties":{"colour":{"type":"text"}}})";
  const Inspection inspection = fake.read();
  EXPECT_THAT(reason_of(inspection), AllOf(HasSubstr("settings schema rejected"), HasSubstr("property 'colour'")));
  // What could be read is kept, so a config naming this type can point at this file.
  const Refusal& refusal = std::get<Refusal>(inspection);
  EXPECT_EQ(refusal.plugin_name, "fake");
  EXPECT_EQ(refusal.type_names, std::vector<std::string>{"fake_tool"});
  EXPECT_TRUE(refusal.concerns("fake_tool"));
  EXPECT_TRUE(refusal.concerns("fake"));
  EXPECT_FALSE(refusal.concerns("other"));
}

TEST(DescriptorReader, ANullSchemaMeansNoSettings) {
  FakePlugin fake;
  fake.tool.settings_schema = nullptr;
  const Inspection inspection = fake.read();
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  const json::Value& schema = std::get<PluginInfo>(inspection).components[0].settings_schema;
  EXPECT_EQ(schema["type"], json::Value("object"));
  EXPECT_EQ(schema["properties"].size(), 0u);
}

TEST(DescriptorReader, ReadsOnlyTheKnownPartOfALargerComponent) {
  struct Grown {
    ah_component known;
    const char* future_member;
  };
  FakePlugin fake;
  Grown grown{fake.tool, "from the future"};
  grown.known.struct_size = sizeof(Grown);
  fake.components = {&grown.known};
  const Inspection inspection = fake.read();
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << reason_of(inspection);
  const ComponentInfo& component = std::get<PluginInfo>(inspection).components[0];
  EXPECT_EQ(component.type_name, fake.tool.type_name);
  // The host's copy holds only the members it knows, and its size says so.
  EXPECT_EQ(component.raw.struct_size, sizeof(ah_component));
}

TEST(RefusalConcerns, MatchesTheFileNameToo) {
  const Refusal refusal{"/opt/plugins/web_search.so", "reason", "", {}};
  EXPECT_TRUE(refusal.concerns("web_search"));
  EXPECT_FALSE(refusal.concerns("web"));
  EXPECT_FALSE(refusal.concerns("search"));
  EXPECT_FALSE(refusal.concerns(""));
  EXPECT_EQ(refusal.message(), "/opt/plugins/web_search.so: reason");
}

} // namespace
} // namespace agenthost::plugins
