# module.mk - src/model: embed the RELAX NG schema of the XML cluster format
# (src/model/cluster.rng) into the library, so that no file is needed at run
# time.
GEN_SRC += $(BUILD)/gen/model/cluster_rng.c

$(BUILD)/gen/model/cluster_rng.c: src/model/cluster.rng tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< td_cluster_rng > $@
