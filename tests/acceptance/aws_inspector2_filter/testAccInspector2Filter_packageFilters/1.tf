resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fpackage"
  action      = "NONE"
  description = "TestDescription_1"
  reason      = "TestReason_1"
  filter_criteria {
    vulnerable_packages {
      architecture {
        comparison = "EQUALS"
        value      = "arch_1"
      }
      epoch {
        lower_inclusive = "10"
        upper_inclusive = "20"
      }
      file_path {
        comparison = "EQUALS"
        value      = "file_path_1"
      }
      name {
        comparison = "EQUALS"
        value      = "name_1"
      }
      release {
        comparison = "EQUALS"
        value      = "release_1"
      }
      source_lambda_layer_arn {
        comparison = "EQUALS"
        value      = "source_lambda_layer_arn_1"
      }
      source_layer_hash {
        comparison = "EQUALS"
        value      = "source_layer_hash_1"
      }
      version {
        comparison = "EQUALS"
        value      = "version_1"
      }
    }
  }
}
