resource "aws_inspector2_filter" "test" {
  name        = "tf-acc-test-fpackage"
  action      = "SUPPRESS"
  description = "TestDescription_2"
  reason      = "TestReason_2"
  filter_criteria {
    vulnerable_packages {
      architecture {
        comparison = "EQUALS"
        value      = "arch_2"
      }
      epoch {
        lower_inclusive = "21"
        upper_inclusive = "30"
      }
      file_path {
        comparison = "EQUALS"
        value      = "file_path_2"
      }
      name {
        comparison = "EQUALS"
        value      = "name_2"
      }
      release {
        comparison = "EQUALS"
        value      = "release_2"
      }
      source_lambda_layer_arn {
        comparison = "EQUALS"
        value      = "source_lambda_layer_arn_2"
      }
      source_layer_hash {
        comparison = "EQUALS"
        value      = "source_layer_hash_2"
      }
      version {
        comparison = "EQUALS"
        value      = "version_2"
      }
    }
  }
}
