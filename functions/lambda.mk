# The one build rule of every function, included by each function's Makefile.
# `sam build --build-in-source` (BuildMethod: makefile) runs `make build-<LogicalId>` in the
# function's CodeUri directory with ARTIFACTS_DIR set. A function needs the shared modules, so the
# Maven reactor at the repository root builds it and what it depends on (-am); nothing is
# installed into ~/.m2. The shaded jar goes to lib/, which the Lambda Java runtime puts on the
# classpath. The module is the directory the Makefile is in.
ROOT := $(abspath $(CURDIR)/../..)
MODULE := $(notdir $(CURDIR))
MVN ?= mvn

build-%:
	@test -f "$(ROOT)/pom.xml" || { echo "no Maven reactor at $(ROOT): run 'sam build --build-in-source'" >&2; exit 1; }
	cd "$(ROOT)" && $(MVN) -B -q -pl functions/$(MODULE) -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)/functions/$(MODULE)/target/$(MODULE)-lambda.jar" "$(ARTIFACTS_DIR)/lib/"
