provider "aws" {
  region = "us-west-2"

  sts_region = "us-east-1"
  endpoints {
    sts = "https://sts.us-east-1.amazonaws.com"
  }
}

data "aws_caller_identity" "current" {}
