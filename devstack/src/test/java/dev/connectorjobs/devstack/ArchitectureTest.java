package dev.connectorjobs.devstack;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** Package fences of devstack. */
@AnalyzeClasses(packages = "dev.connectorjobs.devstack", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.connectorjobs.devstack";

    /**
     * The launcher's own package and each package below it. Unlike {@code matching(ROOT + ".(*)..")},
     * it counts the launcher too, which holds most of this module's code: with only {@code bench}
     * below it, a rule on the packages below alone would have one slice and could never fail.
     */
    private static final SliceAssignment LAUNCHER_AND_PACKAGES_BELOW = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals(ROOT)) {
                return SliceIdentifier.of("launcher");
            }
            if (!pkg.startsWith(ROOT + ".")) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(pkg.substring(ROOT.length() + 1).split("\\.", 2)[0]);
        }

        @Override
        public String getDescription() {
            return "the launcher and each package below it";
        }
    };

    /** The launcher and each package below it may use the others only one way. */
    @ArchTest
    static final ArchRule packages_are_free_of_cycles =
            slices().assignedFrom(LAUNCHER_AND_PACKAGES_BELOW).should().beFreeOfCycles();
}
